/**
 * The page that carries a token (or an error) to the site's callback: a form that submits itself.
 * Every value is escaped by JSX; the inline script runs only under this response's CSP nonce.
 */
import { Layout } from './layout.js'

export function FormPostPage(props: {
  nonce: string
  action: string
  fields: Record<string, string>
}) {
  return (
    <Layout title="Signing you in…" nonce={props.nonce}>
      <form method="post" action={props.action}>
        {Object.entries(props.fields).map(([name, value]) => (
          <input type="hidden" name={name} value={value} />
        ))}
        <p>Signing you in…</p>
        <noscript>
          <button class="primary" type="submit">
            Continue
          </button>
        </noscript>
      </form>
      <script nonce={props.nonce}>{'document.forms[0].submit()'}</script>
    </Layout>
  )
}
