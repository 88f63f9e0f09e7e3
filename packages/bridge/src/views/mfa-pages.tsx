import { raw } from 'hono/html'
import { Layout } from './layout.js'
import { PasskeyForm, PasskeyScript } from './passkey-forms.js'

interface FormProps {
  nonce: string
  appName: string
  tx: string
  csrf: string
  error?: string
}

function Hidden(props: { tx: string; csrf: string }) {
  return (
    <>
      <input type="hidden" name="tx" value={props.tx} />
      <input type="hidden" name="csrf" value={props.csrf} />
    </>
  )
}

function ErrorLine(props: { error?: string }) {
  return props.error ? (
    <p class="error" role="alert">
      {props.error}
    </p>
  ) : null
}

export function ChallengePage(
  props: FormProps & {
    /** false when the user has no TOTP (only passkeys): the code form is left out. */
    totp?: boolean
    /** WebAuthn request options, when the user has passkeys. */
    passkey?: object
  },
) {
  return (
    <Layout title="Two-step verification" nonce={props.nonce}>
      <h1>Two-step verification</h1>
      <p class="muted">{props.appName} asks for a second step.</p>
      <ErrorLine error={props.error} />
      {props.passkey ? (
        <PasskeyForm
          action="/mfa/passkey"
          mode="get"
          options={props.passkey}
          hidden={{ tx: props.tx, csrf: props.csrf }}
          label="Use a passkey"
          primary={props.totp === false}
        />
      ) : null}
      {props.totp === false ? null : (
        <form method="post" action="/mfa">
          <Hidden tx={props.tx} csrf={props.csrf} />
          <label for="code">Code from your authenticator app</label>
          <input
            id="code"
            name="code"
            inputmode="numeric"
            autocomplete="one-time-code"
            maxlength={12}
            autofocus
          />
          <button class="primary" type="submit">
            Verify
          </button>
        </form>
      )}
      <form method="post" action="/mfa">
        <Hidden tx={props.tx} csrf={props.csrf} />
        <label for="recovery_code">Or a recovery code</label>
        <input id="recovery_code" name="recovery_code" autocomplete="off" maxlength={20} />
        <button class="link" type="submit">
          Use recovery code
        </button>
      </form>
      {props.passkey ? <PasskeyScript nonce={props.nonce} /> : null}
    </Layout>
  )
}

export function EnrolPage(
  props: FormProps & {
    qrSvg: string
    secret: string
    /** WebAuthn creation options for "Set up a passkey". */
    passkey?: object
  },
) {
  return (
    <Layout title="Set up two-step verification" nonce={props.nonce}>
      <h1>Set up two-step verification</h1>
      <p class="muted">
        {props.appName} requires a second step. Scan this code with an authenticator app.
      </p>
      <div class="qr">{raw(props.qrSvg)}</div>
      <p>
        Or enter this key: <code data-totp-secret>{props.secret}</code>
      </p>
      <ErrorLine error={props.error} />
      <form method="post" action="/mfa/enroll">
        <Hidden tx={props.tx} csrf={props.csrf} />
        <label for="code">Code from your authenticator app</label>
        <input
          id="code"
          name="code"
          inputmode="numeric"
          autocomplete="one-time-code"
          maxlength={12}
          autofocus
        />
        <button class="primary" type="submit">
          Verify and turn on
        </button>
      </form>
      {props.passkey ? (
        <>
          <p class="divider">or use a passkey or security key instead</p>
          <PasskeyForm
            action="/mfa/passkey/enroll"
            mode="create"
            options={props.passkey}
            hidden={{ tx: props.tx, csrf: props.csrf }}
            label="Set up a passkey"
            withName
          />
          <PasskeyScript nonce={props.nonce} />
        </>
      ) : null}
    </Layout>
  )
}

export function ContinuePage(props: FormProps & { title: string; text: string; codes?: string[] }) {
  return (
    <Layout title={props.title} nonce={props.nonce}>
      <h1>{props.title}</h1>
      <p>{props.text}</p>
      {props.codes ? (
        <ul class="codes" aria-label="Recovery codes">
          {props.codes.map((code) => (
            <li>
              <code>{code}</code>
            </li>
          ))}
        </ul>
      ) : null}
      <form method="post" action="/mfa/continue">
        <Hidden tx={props.tx} csrf={props.csrf} />
        <button class="primary" type="submit">
          Continue to {props.appName}
        </button>
      </form>
    </Layout>
  )
}
