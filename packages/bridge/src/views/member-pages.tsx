/** The member pages: sign-up, "check your email", the link confirmations, reset and the code. */
import { Layout } from './layout.js'
import type { Page } from './page.js'
import { ErrorLine, Hidden, type SignInFormProps } from './sign-in-form-parts.js'

function EmailField(props: { page: Page; email?: string; error?: string; focus?: boolean }) {
  return (
    <>
      <label for="email">{props.page.t('common.email')}</label>
      <input
        id="email"
        name="email"
        type="email"
        autocomplete="email"
        required
        maxlength={254}
        value={props.email ?? ''}
        autofocus={props.focus ?? true}
        aria-describedby={props.error ? 'form-error' : undefined}
      />
    </>
  )
}

function BackToLogin(props: { page: Page; tx: string }) {
  return (
    <p>
      <a href={`/login?tx=${encodeURIComponent(props.tx)}`}>
        {props.page.t('common.backToSignIn')}
      </a>
    </p>
  )
}

export function SignUpPage(
  props: SignInFormProps & { email?: string; name?: string; passwordOptional: boolean },
) {
  const { t } = props.page
  // Shown again with an error: the password is never sent back, so it is the field to fill in
  // again (unless the address is missing).
  const focusPassword = Boolean(props.error && props.email)
  return (
    <Layout title={t('signup.title', { app: props.appName })} page={props.page}>
      <h1>{t('signup.heading')}</h1>
      <p class="muted">{t('login.subtitle', { app: props.appName })}</p>
      <ErrorLine error={props.error} />
      <form method="post" action="/signup">
        <Hidden tx={props.tx} csrf={props.csrf} />
        <EmailField
          page={props.page}
          email={props.email}
          error={props.error}
          focus={!focusPassword}
        />
        <label for="name">{t('common.name')}</label>
        <input
          id="name"
          name="name"
          autocomplete="name"
          maxlength={128}
          value={props.name ?? ''}
          aria-describedby={props.error ? 'form-error' : undefined}
        />
        <label for="password">
          {props.passwordOptional ? t('signup.passwordOptional') : t('common.password')}
        </label>
        <input
          id="password"
          name="password"
          type="password"
          autocomplete="new-password"
          minlength={8}
          maxlength={256}
          required={!props.passwordOptional}
          autofocus={focusPassword}
          aria-describedby={props.error ? 'form-error password-rule' : 'password-rule'}
        />
        <p class="muted" id="password-rule">
          {t('signup.passwordRule')}
          {props.passwordOptional ? ` ${t('signup.passwordlessHint')}` : ''}
        </p>
        <button class="primary" type="submit">
          {t('signup.submit')}
        </button>
      </form>
      <BackToLogin page={props.page} tx={props.tx} />
    </Layout>
  )
}

/** The same page for every address: whether it has an account is never shown. */
export function CheckEmailPage(props: { page: Page; email: string; text: string; tx?: string }) {
  const { t } = props.page
  return (
    <Layout title={t('checkEmail.title')} page={props.page}>
      <h1>{t('checkEmail.title')}</h1>
      <p role="status">
        {props.text} <strong>{props.email}</strong>.
      </p>
      <p class="muted">{t('checkEmail.spam')}</p>
      {props.tx ? <BackToLogin page={props.page} tx={props.tx} /> : null}
    </Layout>
  )
}

/** A link from an email opens this; only its button uses the link (mail scanners open links). */
export function ConfirmLinkPage(props: {
  page: Page
  title: string
  text: string
  action: string
  token: string
  button: string
}) {
  return (
    <Layout title={props.title} page={props.page}>
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

export function ForgotPasswordPage(props: SignInFormProps & { email?: string }) {
  const { t } = props.page
  return (
    <Layout title={t('forgot.title')} page={props.page}>
      <h1>{t('forgot.title')}</h1>
      <p class="muted">{t('forgot.text')}</p>
      <ErrorLine error={props.error} />
      <form method="post" action="/forgot-password">
        <Hidden tx={props.tx} csrf={props.csrf} />
        <EmailField page={props.page} email={props.email} error={props.error} />
        <button class="primary" type="submit">
          {t('forgot.submit')}
        </button>
      </form>
      <BackToLogin page={props.page} tx={props.tx} />
    </Layout>
  )
}

export function ResetPasswordPage(props: {
  page: Page
  token: string
  email: string
  error?: string
}) {
  const { t } = props.page
  return (
    <Layout title={t('reset.title')} page={props.page}>
      <h1>{t('reset.title')}</h1>
      <p class="muted">{t('reset.for', { email: props.email })}</p>
      <ErrorLine error={props.error} />
      <form method="post" action="/reset-password">
        <input type="hidden" name="token" value={props.token} />
        <label for="password">{t('reset.label')}</label>
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
          {t('reset.rule')}
        </p>
        <button class="primary" type="submit">
          {t('reset.submit')}
        </button>
      </form>
    </Layout>
  )
}

export function CodePage(props: SignInFormProps & { email: string; code: boolean }) {
  const { t } = props.page
  return (
    <Layout title={t('checkEmail.title')} page={props.page}>
      <h1>{t('checkEmail.title')}</h1>
      <p role="status">
        {props.code ? t('emailCode.sentCode') : t('emailCode.sentLink')}{' '}
        <strong>{props.email}</strong>.
      </p>
      <ErrorLine error={props.error} />
      {props.code ? (
        <form method="post" action="/login/code">
          <Hidden tx={props.tx} csrf={props.csrf} />
          {/* Shown again on a wrong code; the code's own record says whose it is. */}
          <input type="hidden" name="email" value={props.email} />
          <label for="code">{t('common.code')}</label>
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
            {t('emailCode.submit')}
          </button>
        </form>
      ) : (
        <p class="muted">{t('emailCode.openLink', { app: props.appName })}</p>
      )}
      <BackToLogin page={props.page} tx={props.tx} />
    </Layout>
  )
}
