/**
 * Leaves the bridge for the site after a form post (the login form, a SAML response): a redirect
 * there would be blocked, because CSP `form-action` also covers where a form's response redirects.
 */
import { raw } from 'hono/html'
import { Layout } from './layout.js'
import type { Page } from './page.js'

export function ContinuePage(props: { page: Page; href: string }) {
  const { t } = props.page
  return (
    <Layout title={t('common.signingIn')} page={props.page}>
      <p>{t('common.takingYouBack')}</p>
      <p>
        <a class="button" href={props.href}>
          {t('common.continue')}
        </a>
      </p>
      {/* JSON with `<` escaped cannot close the script element; raw() keeps its quotes intact. */}
      <script nonce={props.page.nonce}>
        {raw(`location.replace(${JSON.stringify(props.href).replace(/</g, '\\u003c')})`)}
      </script>
    </Layout>
  )
}
