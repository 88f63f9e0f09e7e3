/** The member pages: sign-up, "check your email", the link confirmations, reset and the code. */
import { Layout } from './layout.js'

interface TxProps {
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
    <p class="error" role="alert" id="form-error">
      {props.error}
    </p>
  ) : null
}

function EmailField(props: { email?: string; error?: string }) {
  return (
    <>
      <label for="email">Email</label>
      <input
        id="email"
        name="email"
        type="email"
        autocomplete="email"
        required
        maxlength={254}
        value={props.email ?? ''}
        autofocus
        aria-describedby={props.error ? 'form-error' : undefined}
      />
    </>
  )
}

function BackToLogin(props: { tx: string }) {
  return (
    <p>
      <a href={`/login?tx=${encodeURIComponent(props.tx)}`}>Back to sign-in</a>
    </p>
  )
}

export function SignUpPage(
  props: TxProps & { email?: string; name?: string; passwordOptional: boolean },
) {
  return (
    <Layout title={`Create an account for ${props.appName}`} nonce={props.nonce}>
      <h1>Create an account</h1>
      <p class="muted">to continue to {props.appName}</p>
      <ErrorLine error={props.error} />
      <form method="post" action="/signup">
        <Hidden tx={props.tx} csrf={props.csrf} />
        <EmailField email={props.email} error={props.error} />
        <label for="name">Name</label>
        <input id="name" name="name" autocomplete="name" maxlength={128} value={props.name ?? ''} />
        <label for="password">{props.passwordOptional ? 'Password (optional)' : 'Password'}</label>
        <input
          id="password"
          name="password"
          type="password"
          autocomplete="new-password"
          minlength={8}
          maxlength={256}
          required={!props.passwordOptional}
          aria-describedby="password-rule"
        />
        <p class="muted" id="password-rule">
          At least 8 characters.
          {props.passwordOptional ? ' Without one, you sign in with a code we email you.' : ''}
        </p>
        <button class="primary" type="submit">
          Create account
        </button>
      </form>
      <BackToLogin tx={props.tx} />
    </Layout>
  )
}

/** The same page for every address: whether it has an account is never shown. */
export function CheckEmailPage(props: { nonce: string; email: string; text: string; tx?: string }) {
  return (
    <Layout title="Check your email" nonce={props.nonce}>
      <h1>Check your email</h1>
      <p role="status">
        {props.text} <strong>{props.email}</strong>.
      </p>
      <p class="muted">Nothing there? Check your spam folder, or ask again in a few minutes.</p>
      {props.tx ? <BackToLogin tx={props.tx} /> : null}
    </Layout>
  )
}

/** A link from an email opens this; only its button uses the link (mail scanners open links). */
export function ConfirmLinkPage(props: {
  nonce: string
  title: string
  text: string
  action: string
  token: string
  button: string
}) {
  return (
    <Layout title={props.title} nonce={props.nonce}>
      <h1>{props.title}</h1>
      <p>{props.text}</p>
      <form method="post" action={props.action}>
        <input type="hidden" name="token" value={props.token} />
        <button class="primary" type="submit" autofocus>
          {props.button}
        </button>
      </form>
    </Layout>
  )
}

export function ForgotPasswordPage(props: TxProps & { email?: string }) {
  return (
    <Layout title="Reset your password" nonce={props.nonce}>
      <h1>Reset your password</h1>
      <p class="muted">We email you a link to choose a new one.</p>
      <ErrorLine error={props.error} />
      <form method="post" action="/forgot-password">
        <Hidden tx={props.tx} csrf={props.csrf} />
        <EmailField email={props.email} error={props.error} />
        <button class="primary" type="submit">
          Send reset link
        </button>
      </form>
      <BackToLogin tx={props.tx} />
    </Layout>
  )
}

export function ResetPasswordPage(props: {
  nonce: string
  token: string
  email: string
  error?: string
}) {
  return (
    <Layout title="Choose a new password" nonce={props.nonce}>
      <h1>Choose a new password</h1>
      <p class="muted">for {props.email}</p>
      <ErrorLine error={props.error} />
      <form method="post" action="/reset-password">
        <input type="hidden" name="token" value={props.token} />
        <label for="password">New password</label>
        <input
          id="password"
          name="password"
          type="password"
          autocomplete="new-password"
          minlength={8}
          maxlength={256}
          required
          autofocus
          aria-describedby={props.error ? 'form-error password-rule' : 'password-rule'}
        />
        <p class="muted" id="password-rule">
          At least 8 characters. Every other session of your account ends.
        </p>
        <button class="primary" type="submit">
          Set password
        </button>
      </form>
    </Layout>
  )
}

export function CodePage(props: TxProps & { email: string; code: boolean }) {
  return (
    <Layout title="Check your email" nonce={props.nonce}>
      <h1>Check your email</h1>
      <p role="status">
        {props.code
          ? 'If there is an account for this address, we sent a 6-digit code to'
          : 'If there is an account for this address, we sent a sign-in link to'}{' '}
        <strong>{props.email}</strong>.
      </p>
      <ErrorLine error={props.error} />
      {props.code ? (
        <form method="post" action="/login/code">
          <Hidden tx={props.tx} csrf={props.csrf} />
          {/* Shown again on a wrong code; the code's own record says whose it is. */}
          <input type="hidden" name="email" value={props.email} />
          <label for="code">Code</label>
          <input
            id="code"
            name="code"
            inputmode="numeric"
            autocomplete="one-time-code"
            pattern="[0-9]{6}"
            maxlength={6}
            required
            autofocus
            aria-describedby={props.error ? 'form-error' : undefined}
          />
          <button class="primary" type="submit">
            Sign in
          </button>
        </form>
      ) : (
        <p class="muted">Open the link in this browser to continue to {props.appName}.</p>
      )}
      <BackToLogin tx={props.tx} />
    </Layout>
  )
}
