/**
 * The page that carries a token (or an error) to the site's callback: a form that submits itself.
 * Every value is escaped by JSX; the inline script runs only under this response's CSP nonce.
 */
import { Layout } from './layout.js'
import type { Page } from './page.js'

export function FormPostPage(props: {
  page: Page
  action: string
  fields: Record<string, string>
}) {
  const { t } = props.page
  return (
    <Layout title={t('common.signingIn')} page={props.page}>
      <form method="post" action={props.action}>
        {Object.entries(props.fields).map(([name, value]) => (
          <input type="hidden" name={name} value={value} />
        ))}
        <p>{t('common.signingIn')}</p>
        <noscript>
          <button class="primary" type="submit">
            {t('common.continue')}
          </button>
        </noscript>
      </form>
      <script nonce={props.page.nonce}>{'document.forms[0].submit()'}</script>
    </Layout>
  )
}
