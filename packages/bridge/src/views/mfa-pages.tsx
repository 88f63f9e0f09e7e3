import { raw } from 'hono/html'
import { Layout } from './layout.js'
import { ErrorLine, Hidden, type SignInFormProps } from './sign-in-form-parts.js'
import { PasskeyForm, PasskeyScript } from './passkey-forms.js'

export function ChallengePage(
  props: SignInFormProps & {
    /** false when the user has no TOTP (only passkeys): the code form is left out. */
    totp?: boolean
    /** WebAuthn request options, when the user has passkeys. */
    passkey?: object
    /** The field the refused attempt came from: the focus goes back there. */
    errorField?: 'code' | 'recovery_code'
  },
) {
  const { t } = props.page
  return (
    <Layout title={t('mfa.title')} page={props.page}>
      <h1>{t('mfa.title')}</h1>
      <p class="muted">{t('mfa.asks', { app: props.appName })}</p>
      <ErrorLine error={props.error} />
      {props.passkey ? (
        <PasskeyForm
          page={props.page}
          action="/mfa/passkey"
          mode="get"
          options={props.passkey}
          hidden={{ tx: props.tx, csrf: props.csrf }}
          label={t('login.usePasskey')}
          primary={props.totp === false}
        />
      ) : null}
      {props.totp === false ? null : (
        <form method="post" action="/mfa">
          <Hidden tx={props.tx} csrf={props.csrf} />
          <label for="code">{t('mfa.authenticatorCode')}</label>
          <input
            id="code"
            name="code"
            inputmode="numeric"
            autocomplete="one-time-code"
            maxlength={12}
            autofocus={props.errorField !== 'recovery_code'}
            aria-describedby={props.error ? 'form-error' : undefined}
          />
          <button class="primary" type="submit">
            {t('mfa.verify')}
          </button>
        </form>
      )}
      <form method="post" action="/mfa">
        <Hidden tx={props.tx} csrf={props.csrf} />
        <label for="recovery_code">{t('mfa.recoveryCode')}</label>
        <input
          id="recovery_code"
          name="recovery_code"
          autocomplete="off"
          maxlength={20}
          autofocus={props.errorField === 'recovery_code' || props.totp === false}
          aria-describedby={props.error ? 'form-error' : undefined}
        />
        <button class="link" type="submit">
          {t('mfa.useRecoveryCode')}
        </button>
      </form>
      {props.passkey ? <PasskeyScript page={props.page} /> : null}
    </Layout>
  )
}

export function EnrolPage(
  props: SignInFormProps & {
    qrSvg: string
    secret: string
    /** WebAuthn creation options for "Set up a passkey". */
    passkey?: object
  },
) {
  const { t } = props.page
  return (
    <Layout title={t('mfa.enrolTitle')} page={props.page}>
      <h1>{t('mfa.enrolTitle')}</h1>
      <p class="muted">{t('mfa.enrolText', { app: props.appName })}</p>
      <div class="qr">{raw(props.qrSvg)}</div>
      <p>
        {t('mfa.enterKey')} <code data-totp-secret>{props.secret}</code>
      </p>
      <ErrorLine error={props.error} />
      <form method="post" action="/mfa/enroll">
        <Hidden tx={props.tx} csrf={props.csrf} />
        <label for="code">{t('mfa.authenticatorCode')}</label>
        <input
          id="code"
          name="code"
          inputmode="numeric"
          autocomplete="one-time-code"
          maxlength={12}
          autofocus
          aria-describedby={props.error ? 'form-error' : undefined}
        />
        <button class="primary" type="submit">
          {t('mfa.turnOn')}
        </button>
      </form>
      {props.passkey ? (
        <>
          <p class="divider">{t('mfa.orPasskey')}</p>
          <PasskeyForm
            page={props.page}
            action="/mfa/passkey/enroll"
            mode="create"
            options={props.passkey}
            hidden={{ tx: props.tx, csrf: props.csrf }}
            label={t('mfa.setUpPasskey')}
            withName
          />
          <PasskeyScript page={props.page} />
        </>
      ) : null}
    </Layout>
  )
}

export function ContinuePage(
  props: SignInFormProps & { title: string; text: string; codes?: string[] },
) {
  const { t } = props.page
  return (
    <Layout title={props.title} page={props.page}>
      <h1>{props.title}</h1>
      <p>{props.text}</p>
      {props.codes ? (
        <ul class="codes" aria-label={t('common.recoveryCodes')}>
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
          {t('common.continueTo', { app: props.appName })}
        </button>
      </form>
    </Layout>
  )
}
