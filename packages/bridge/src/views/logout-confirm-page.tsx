/**
 * Asked when a logout request does not show it comes from a site of this session (a link or a
 * redirect from anywhere): signing out here ends the session of every site, so the visitor says so.
 * A plain form, no script: the button POSTs with a CSRF token bound to the session.
 */
import { Layout } from './layout.js'
import type { Page } from './page.js'

export function LogoutConfirmPage(props: {
  page: Page
  csrf: string
  app?: string
  appName?: string
  returnTo?: string
}) {
  const { t } = props.page
  return (
    <Layout title={t('logout.title')} page={props.page}>
      <h1>{t('logout.heading')}</h1>
      <p>
        {props.appName ? `${t('logout.asks', { app: props.appName })} ` : ''}
        {t('logout.everywhere')}
      </p>
      <form method="post" action="/logout">
        <input type="hidden" name="csrf" value={props.csrf} />
        {props.app ? <input type="hidden" name="app" value={props.app} /> : ''}
        {props.returnTo ? <input type="hidden" name="return_to" value={props.returnTo} /> : ''}
        <button class="primary" type="submit">
          {t('logout.submit')}
        </button>
      </form>
      {props.returnTo ? (
        <p>
          <a href={props.returnTo}>{t('logout.stay')}</a>
        </p>
      ) : (
        ''
      )}
    </Layout>
  )
}
