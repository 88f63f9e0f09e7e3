/** The console's sign-in page and its overview. */
import { AdminLayout, type AdminFrame } from './admin-layout.js'
import { TextField } from './admin-fields.js'

export function AdminLoginPage(props: {
  nonce: string
  csrf: string
  email?: string
  error?: string
}) {
  return (
    <AdminLayout title="Admin sign-in" nonce={props.nonce}>
      <div class="card">
        {props.error ? (
          <p class="alert" role="alert">
            {props.error}
          </p>
        ) : null}
        <form method="post" action="/admin/login">
          <input type="hidden" name="csrf" value={props.csrf} />
          <TextField
            name="email"
            label="Email"
            type="email"
            value={props.email}
            autocomplete="username"
            required
          />
          <TextField
            name="password"
            label="Password"
            type="password"
            autocomplete="current-password"
            required
          />
          <div class="actions">
            <button type="submit" class="primary">
              Sign in
            </button>
          </div>
        </form>
        <p class="muted small">
          No admin yet? On the server, run{' '}
          <code>npx ssobridge admin create --email you@example.com</code>, or open the one-time
          setup link <code>ssobridge start</code> printed.
        </p>
      </div>
    </AdminLayout>
  )
}

export function OverviewPage(
  props: AdminFrame & { counts: { connections: number; apps: number; users: number } },
) {
  const { counts } = props
  return (
    <AdminLayout {...props} title="Overview" section="home">
      <div class="card">
        <h2>Three steps to single sign-on</h2>
        <ol>
          <li>
            <a href="/admin/connections">Connect an identity provider</a> (OIDC or SAML), or use the
            bridge's own user store. <span class="muted">{counts.connections} connection(s)</span>
          </li>
          <li>
            <a href="/admin/apps/new">Add an app</a> for your site with its callback URL.{' '}
            <span class="muted">{counts.apps} app(s)</span>
          </li>
          <li>Paste the app's snippet into the site, and verify the token in its callback.</li>
        </ol>
        <p class="muted">
          {counts.users} user(s) in the bridge. Every change here is in the{' '}
          <a href="/admin/audit">audit log</a>. Scripts use the same operations through the{' '}
          <a href="/admin/api/openapi.json">admin API</a>.
        </p>
      </div>
    </AdminLayout>
  )
}

export function NotFoundPanel(props: AdminFrame & { what: string }) {
  return (
    <AdminLayout {...props} title="Not found">
      <p>There is no {props.what} with this id.</p>
    </AdminLayout>
  )
}
