import type { Passkey } from '../mfa/passkeys.js'
import { passkeyMethod } from '../mfa/webauthn.js'
import { AccountNav } from './account-nav.js'
import { Layout } from './layout.js'
import { day } from './page-date.js'
import type { Page } from './page.js'
import { ErrorLine } from './sign-in-form-parts.js'
import { PasskeyForm, PasskeyScript } from './passkey-forms.js'

const kind = (page: Page, p: Passkey) =>
  page.t(passkeyMethod(p) === 'hwk' ? 'account.deviceBound' : 'account.synced')

export interface PasskeyAccountProps {
  page: Page
  email: string
  csrf: string
  passkeys: Passkey[]
  /** WebAuthn creation options for "Add a passkey"; absent when the user has the maximum. */
  register?: object
  notice?: string
  error?: string
  /** Recovery codes made with the user's first factor, shown once. */
  codes?: string[]
}

export function PasskeyAccountPage(props: PasskeyAccountProps) {
  const { page } = props
  const { t } = page
  return (
    <Layout title={t('account.title')} page={page}>
      <AccountNav page={page} current="/account/passkeys" />
      <h1>{t('account.title')}</h1>
      <p class="muted">{t('common.signedIn', { email: props.email })}</p>
      {props.notice ? <p role="status">{props.notice}</p> : null}
      <ErrorLine error={props.error} />
      {props.codes ? (
        <>
          <p>{t('account.codes')}</p>
          <ul class="codes" aria-label={t('common.recoveryCodes')}>
            {props.codes.map((code) => (
              <li>
                <code>{code}</code>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {props.passkeys.length === 0 ? <p>{t('account.none')}</p> : null}
      <ul class="passkeys" aria-label={t('account.list')}>
        {props.passkeys.map((p) => (
          <li>
            <strong>{p.name}</strong>
            <br />
            <span class="muted">
              {kind(page, p)} · {t('account.added', { date: day(page, p.createdAt) })} ·{' '}
              {p.lastUsedAt
                ? t('account.lastUsed', { date: day(page, p.lastUsedAt) })
                : t('account.neverUsed')}
            </span>
            <form method="post" action="/account/passkeys/rename">
              <input type="hidden" name="csrf" value={props.csrf} />
              <input type="hidden" name="id" value={p.id} />
              <input
                name="name"
                value={p.name}
                maxlength={64}
                aria-label={t('account.newName', { name: p.name })}
              />
              <button class="link" type="submit">
                {t('account.rename')}
              </button>
            </form>
            <form method="post" action="/account/passkeys/remove">
              <input type="hidden" name="csrf" value={props.csrf} />
              <input type="hidden" name="id" value={p.id} />
              <button
                class="link"
                type="submit"
                aria-label={t('account.removeNamed', { name: p.name })}
              >
                {t('account.remove')}
              </button>
            </form>
          </li>
        ))}
      </ul>
      {props.register ? (
        <PasskeyForm
          page={page}
          action="/account/passkeys"
          mode="create"
          options={props.register}
          hidden={{ csrf: props.csrf }}
          label={t('account.add')}
          withName
          primary
        />
      ) : (
        <p class="muted">{t('account.full')}</p>
      )}
      <PasskeyScript page={page} />
    </Layout>
  )
}
