import { Layout } from './layout.js'
import type { Page } from './page.js'
import { ErrorLine } from './sign-in-form-parts.js'
import { PasskeyForm, PasskeyScript } from './passkey-forms.js'

export interface LoginPageProps {
  page: Page
  appName: string
  tx: string
  csrf: string
  email?: string
  error?: string
  /** Why the visitor is here (signing in to an existing account to link an identity to it). */
  notice?: string
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
  const { t } = props.page
  // A shown error describes the fields; the focus goes to the first one to fill in again.
  const described = props.error ? 'form-error' : undefined
  return (
    <Layout title={t('login.title', { app: props.appName })} page={props.page}>
      <h1>{t('login.heading')}</h1>
      <p class="muted">{t('login.subtitle', { app: props.appName })}</p>
      {props.notice ? <p role="status">{props.notice}</p> : null}
      <ErrorLine error={props.error} />
      {props.upstream.length > 0 ? (
        <nav aria-label={t('login.methods')} class="upstream">
          {props.upstream.map((u) => (
            <a class="button" href={u.href}>
              {t('common.continueWith', { name: u.name })}
            </a>
          ))}
        </nav>
      ) : null}
      {props.upstream.length > 0 && showEmail ? <p class="divider">{t('common.or')}</p> : null}
      <form method="post" action="/login">
        <input type="hidden" name="tx" value={props.tx} />
        <input type="hidden" name="csrf" value={props.csrf} />
        {showEmail ? (
          <>
            <label for="email">{t('common.email')}</label>
            <input
              id="email"
              name="email"
              type="email"
              autocomplete="username"
              required
              maxlength={254}
              value={props.email ?? ''}
              autofocus={!props.email}
              aria-describedby={described}
            />
          </>
        ) : null}
        {props.hasPassword ? (
          <>
            <label for="password">{t('common.password')}</label>
            <input
              id="password"
              name="password"
              type="password"
              autocomplete="current-password"
              maxlength={256}
              autofocus={Boolean(props.email)}
              aria-describedby={described}
            />
            {props.routesByEmail ? <p class="muted">{t('login.companyHint')}</p> : null}
          </>
        ) : null}
        {showEmail ? (
          <button class="primary" type="submit" name="action" value="sign-in">
            {props.hasPassword ? t('login.signIn') : t('login.next')}
          </button>
        ) : null}
        {props.members?.emailCode ? (
          <button class="secondary" type="submit" formaction="/login/email-code">
            {t('login.emailCode')}
          </button>
        ) : null}
        <button class="link" type="submit" name="action" value="cancel" formnovalidate>
          {t('login.cancel')}
        </button>
      </form>
      {props.members?.forgot || props.members?.signup ? (
        <nav aria-label={t('login.account')} class="member-links">
          {props.members.forgot ? <a href={props.members.forgot}>{t('login.forgot')}</a> : null}
          {props.members.signup ? <a href={props.members.signup}>{t('login.signup')}</a> : null}
        </nav>
      ) : null}
      {props.passkey ? (
        <>
          <PasskeyForm
            page={props.page}
            action="/login/passkey"
            mode="get"
            options={props.passkey}
            hidden={{ tx: props.tx, csrf: props.csrf }}
            label={t('login.usePasskey')}
          />
          <PasskeyScript page={props.page} />
        </>
      ) : null}
    </Layout>
  )
}
