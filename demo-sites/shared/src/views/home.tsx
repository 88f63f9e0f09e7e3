import type { SiteUser } from '../users.js'
import { Layout } from './layout.js'

export interface HomeProps {
  title: string
  appId: string
  bridgeUrl: string
  user: SiteUser | undefined
  userCount: number
  errorMessage: string | undefined
  /** The silent-sign-in page: one prompt=none round trip per tab when nobody is signed in here. */
  silent?: boolean
  /** The site takes the bridge's webhooks: link to the page that lists them. */
  events?: boolean
}

export function HomePage(props: HomeProps) {
  const { user } = props
  return (
    <Layout
      title={props.title}
      head={
        props.silent ? (
          <script
            src={`${props.bridgeUrl}/sso.js`}
            data-app={props.appId}
            data-auto="silent"
            data-signed-in={user ? 'true' : 'false'}
            defer
          ></script>
        ) : (
          <script src={`${props.bridgeUrl}/sso.js`} data-app={props.appId} defer></script>
        )
      }
    >
      <div class="card">
        {props.silent && (
          <p>
            <strong>Community.</strong> Signed in at the bridge from another site? This page signs
            you in here without a click.
          </p>
        )}
        {props.errorMessage && (
          <p class="error" role="alert">
            {props.errorMessage}
          </p>
        )}
        {user ? (
          <>
            <p>
              Signed in as <strong>{user.email ?? user.sub}</strong>
            </p>
            {user.name && <p>Welcome back, {user.name}.</p>}
            <form method="post" action="/logout">
              <button type="submit">Sign out</button>
            </form>
          </>
        ) : (
          <>
            <p>You are not signed in.</p>
            <button type="button" data-sso-login="">
              Sign in
            </button>
          </>
        )}
      </div>
      <section class="note">
        <h2>What happened here</h2>
        <p>
          {props.title} is an independent site with its own user database. Signing in sends you to
          the ssobridge bridge; it posts back a short-lived signed token, which this site verifies
          before it finds or creates your row in its own <code>users</code> table and starts its own
          session. If you are already signed in at the bridge, no password is asked.
        </p>
        <p>
          Users in this site's database: <strong data-user-count="">{props.userCount}</strong>
        </p>
        {props.events && (
          <p>
            The bridge also tells this site of every change to its users through signed webhooks:
            see the <a href="/events">events it received</a>.
          </p>
        )}
      </section>
    </Layout>
  )
}
