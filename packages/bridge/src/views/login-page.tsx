import { Layout } from './layout.js'

export interface LoginPageProps {
  nonce: string
  appName: string
  tx: string
  csrf: string
  email?: string
  error?: string
}

export function LoginPage(props: LoginPageProps) {
  return (
    <Layout title={`Sign in to ${props.appName}`} nonce={props.nonce}>
      <h1>Sign in</h1>
      <p class="muted">to continue to {props.appName}</p>
      {props.error ? (
        <p class="error" role="alert">
          {props.error}
        </p>
      ) : null}
      <form method="post" action="/login">
        <input type="hidden" name="tx" value={props.tx} />
        <input type="hidden" name="csrf" value={props.csrf} />
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
        <label for="password">Password</label>
        <input
          id="password"
          name="password"
          type="password"
          autocomplete="current-password"
          required
          maxlength={256}
          autofocus={Boolean(props.email)}
        />
        <button class="primary" type="submit" name="action" value="sign-in">
          Sign in
        </button>
        <button class="link" type="submit" name="action" value="cancel" formnovalidate>
          Cancel and go back
        </button>
      </form>
    </Layout>
  )
}
