/**
 * Leaves the bridge for an upstream IdP after a form post. A plain redirect would be blocked:
 * CSP `form-action` also covers where a form's response redirects, and the IdP is elsewhere.
 */
import { raw } from 'hono/html'
import { Layout } from './layout.js'

export function RedirectPage(props: { nonce: string; href: string; name: string }) {
  return (
    <Layout title={`Continue with ${props.name}`} nonce={props.nonce}>
      <p>Taking you to {props.name}…</p>
      <p>
        <a class="button" href={props.href}>
          Continue with {props.name}
        </a>
      </p>
      {/* JSON with `<` escaped cannot close the script element; raw() keeps its quotes intact. */}
      <script nonce={props.nonce}>
        {raw(`location.replace(${JSON.stringify(props.href).replace(/</g, '\\u003c')})`)}
      </script>
    </Layout>
  )
}
