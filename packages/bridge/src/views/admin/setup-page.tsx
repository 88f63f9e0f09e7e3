/** The first-admin form behind the one-time setup link. */
import { AdminLayout } from './admin-layout.js'
import { TextField } from './admin-fields.js'

export function AdminSetupPage(props: {
  nonce: string
  csrf?: string
  token?: string
  email?: string
  error?: string
}) {
  return (
    <AdminLayout title="Create the first admin" nonce={props.nonce}>
      <div class="card">
        {props.error ? (
          <p class="alert" role="alert">
            {props.error}
          </p>
        ) : null}
        {props.token && props.csrf ? (
          <form method="post" action="/admin/setup">
            <input type="hidden" name="csrf" value={props.csrf} />
            <input type="hidden" name="token" value={props.token} />
            <TextField
              name="email"
              label="Your email"
              type="email"
              value={props.email}
              autocomplete="username"
              required
            />
            <TextField
              name="password"
              label="Password"
              type="password"
              autocomplete="new-password"
              hint="At least 12 characters."
              required
            />
            <div class="actions">
              <button type="submit" class="primary">
                Create the admin and sign in
              </button>
            </div>
          </form>
        ) : (
          <p>
            <a href="/admin/login">Sign in</a>, or on the server run{' '}
            <code>npx ssobridge admin create --email you@example.com</code>.
          </p>
        )}
      </div>
    </AdminLayout>
  )
}
