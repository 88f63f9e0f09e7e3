/**
 * Leaves the bridge for an upstream IdP after a form post. A plain redirect would be blocked:
 * CSP `form-action` also covers where a form's response redirects, and the IdP is elsewhere.
 */
import { raw } from 'hono/html'
import { Layout } from './layout.js'
import type { Page } from './page.js'

export function RedirectPage(props: { page: Page; href: string; name: string }) {
  const { t } = props.page
  return (
    <Layout title={t('common.continueWith', { name: props.name })} page={props.page}>
      <p>{t('common.takingYouTo', { name: props.name })}</p>
      <p>
        <a class="button" href={props.href}>
          {t('common.continueWith', { name: props.name })}
        </a>
      </p>
      {/* JSON with `<` escaped cannot close the script element; raw() keeps its quotes intact. */}
      <script nonce={props.page.nonce}>
        {raw(`location.replace(${JSON.stringify(props.href).replace(/</g, '\\u003c')})`)}
      </script>
    </Layout>
  )
}
