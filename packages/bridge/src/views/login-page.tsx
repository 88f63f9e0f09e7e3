import { Layout } from './layout.js'
import { PasskeyForm, PasskeyScript } from './passkey-forms.js'

export interface LoginPageProps {
  nonce: string
  appName: string
  tx: string
  csrf: string
  email?: string
  error?: string
  /** "Continue with …" buttons, one per upstream connection. */
  upstream: { name: string; href: string }[]
  /** A local connection is enabled: ask for a password. */
  hasPassword: boolean
  /** Some upstream connection claims email domains: an email alone can route the user. */
  routesByEmail: boolean
  /** WebAuthn request options for passwordless sign-in (the app has a local connection). */
  passkey?: object
  /** What the local connection lets visitors do themselves (sign-up, reset, email code). */
  members?: MemberLinks
}

export interface MemberLinks {
  signup?: string
  forgot?: string
  /** The connection signs in by an emailed code or link: a button beside "Sign in". */
  emailCode: boolean
}

export function LoginPage(props: LoginPageProps) {
  const showEmail = props.hasPassword || props.routesByEmail
  return (
    <Layout title={`Sign in to ${props.appName}`} nonce={props.nonce}>
      <h1>Sign in</h1>
      <p class="muted">to continue to {props.appName}</p>
      {props.error ? (
        <p class="error" role="alert">
          {props.error}
        </p>
      ) : null}
      {props.upstream.length > 0 ? (
        <nav aria-label="Sign-in methods" class="upstream">
          {props.upstream.map((u) => (
            <a class="button" href={u.href}>
              Continue with {u.name}
            </a>
          ))}
        </nav>
      ) : null}
      {props.upstream.length > 0 && showEmail ? <p class="divider">or</p> : null}
      <form method="post" action="/login">
        <input type="hidden" name="tx" value={props.tx} />
        <input type="hidden" name="csrf" value={props.csrf} />
        {showEmail ? (
          <>
            <label for="email">Email</label>
            <input
              id="email"
              name="email"
              type="email"
              autocomplete="username"
              required
              maxlength={254}
              value={props.email ?? ''}
              autofocus={!props.email}
            />
          </>
        ) : null}
        {props.hasPassword ? (
          <>
            <label for="password">Password</label>
            <input
              id="password"
              name="password"
              type="password"
              autocomplete="current-password"
              maxlength={256}
              autofocus={Boolean(props.email)}
            />
            {props.routesByEmail ? (
              <p class="muted">
                Company accounts need only the email: we send you to your company's sign-in.
              </p>
            ) : null}
          </>
        ) : null}
        {showEmail ? (
          <button class="primary" type="submit" name="action" value="sign-in">
            {props.hasPassword ? 'Sign in' : 'Continue'}
          </button>
        ) : null}
        {props.members?.emailCode ? (
          <button class="secondary" type="submit" formaction="/login/email-code">
            Email me a sign-in code
          </button>
        ) : null}
        <button class="link" type="submit" name="action" value="cancel" formnovalidate>
          Cancel and go back
        </button>
      </form>
      {props.members?.forgot || props.members?.signup ? (
        <nav aria-label="Account" class="member-links">
          {props.members.forgot ? <a href={props.members.forgot}>Forgot your password?</a> : null}
          {props.members.signup ? <a href={props.members.signup}>Create an account</a> : null}
        </nav>
      ) : null}
      {props.passkey ? (
        <>
          <PasskeyForm
            action="/login/passkey"
            mode="get"
            options={props.passkey}
            hidden={{ tx: props.tx, csrf: props.csrf }}
            label="Use a passkey"
          />
          <PasskeyScript nonce={props.nonce} />
        </>
      ) : null}
    </Layout>
  )
}
