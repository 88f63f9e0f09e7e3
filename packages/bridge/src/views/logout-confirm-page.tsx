/**
 * Asked when a logout request does not show it comes from a site of this session (a link or a
 * redirect from anywhere): signing out here ends the session of every site, so the visitor says so.
 * A plain form, no script: the button POSTs with a CSRF token bound to the session.
 */
import { Layout } from './layout.js'

export function LogoutConfirmPage(props: {
  nonce: string
  csrf: string
  app?: string
  appName?: string
  returnTo?: string
}) {
  return (
    <Layout title="Sign out" nonce={props.nonce}>
      <h1>Sign out?</h1>
      <p>
        {props.appName ? `${props.appName} asks to sign you out. ` : ''}Signing out here signs you
        out of every site that uses this sign-in service.
      </p>
      <form method="post" action="/logout">
        <input type="hidden" name="csrf" value={props.csrf} />
        {props.app ? <input type="hidden" name="app" value={props.app} /> : ''}
        {props.returnTo ? <input type="hidden" name="return_to" value={props.returnTo} /> : ''}
        <button class="primary" type="submit">
          Sign out
        </button>
      </form>
      {props.returnTo ? (
        <p>
          <a href={props.returnTo}>Stay signed in</a>
        </p>
      ) : (
        ''
      )}
    </Layout>
  )
}
