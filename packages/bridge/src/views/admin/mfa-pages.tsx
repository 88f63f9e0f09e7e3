/** Admin two-step sign-in: the code asked after the password, and enrolment of an authenticator app. */
import { raw } from 'hono/html'
import { AdminLayout, type AdminFrame } from './admin-layout.js'
import { ShownOnce, TextField, when } from './admin-fields.js'

export function AdminMfaChallengePage(props: { nonce: string; csrf: string; error?: string }) {
  return (
    <AdminLayout title="Two-step sign-in" nonce={props.nonce}>
      <div class="card">
        {props.error ? (
          <p class="alert" role="alert">
            {props.error}
          </p>
        ) : null}
        <form method="post" action="/admin/login/mfa">
          <input type="hidden" name="csrf" value={props.csrf} />
          <TextField
            name="code"
            label="Code from your authenticator app"
            hint="Six digits, or one of your recovery codes."
            autocomplete="one-time-code"
            required
          />
          <div class="actions">
            <button type="submit" class="primary">
              Sign in
            </button>
            <a href="/admin/login">Start over</a>
          </div>
        </form>
      </div>
    </AdminLayout>
  )
}

export function AdminMfaPage(
  props: AdminFrame & {
    enrolledAt?: number
    recoveryCodesLeft?: number
    enrolment?: { secret: string; qrSvg: string }
    recoveryCodes?: string[]
    error?: string
  },
) {
  return (
    <AdminLayout {...props} title="Two-step sign-in">
      {props.error ? (
        <p class="alert" role="alert">
          {props.error}
        </p>
      ) : null}
      {props.recoveryCodes ? (
        <ShownOnce label="recovery codes" value={props.recoveryCodes.join(' ')}>
          Each code signs you in once if you lose your phone. They are shown only now.
        </ShownOnce>
      ) : null}
      {props.enrolledAt ? (
        <div class="card">
          <p>
            On since {when(props.enrolledAt)}: the console asks for a code from your authenticator
            app after your password. {props.recoveryCodesLeft ?? 0} recovery codes left.
          </p>
          <p class="muted small">
            Lost the phone? Another admin, or someone on the server, runs{' '}
            <code>npx ssobridge admin reset-mfa --email {props.adminEmail}</code>.
          </p>
        </div>
      ) : props.enrolment ? (
        <div class="card">
          <h2>Set up an authenticator app</h2>
          <p>Scan this code with your authenticator app, then enter the code it shows.</p>
          <div class="qr">{raw(props.enrolment.qrSvg)}</div>
          <p class="small">
            Or type this key: <code>{props.enrolment.secret}</code>
          </p>
          <form method="post" action="/admin/mfa">
            <input type="hidden" name="csrf" value={props.csrf} />
            <TextField name="code" label="Code" autocomplete="one-time-code" required />
            <div class="actions">
              <button type="submit" class="primary">
                Turn on two-step sign-in
              </button>
            </div>
          </form>
        </div>
      ) : null}
    </AdminLayout>
  )
}
