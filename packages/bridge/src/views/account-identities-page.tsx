/**
 * /account/identities: the ways a signed-in user can sign in to their account (their own
 * connection and the identities linked to it), each with an "Unlink" form but their own.
 */
import { AccountNav } from './account-nav.js'
import { Layout } from './layout.js'
import { day } from './page-date.js'
import type { Page } from './page.js'
import { ErrorLine } from './sign-in-form-parts.js'

export interface IdentityRow {
  /** The opaque handle the unlink form names; absent for the account's own connection. */
  handle?: string
  connectionName: string
  /** The email it came with, or its upstream subject masked. */
  detail: string
  linkedAt?: number
  primary: boolean
}

export interface AccountIdentitiesProps {
  page: Page
  email: string
  csrf: string
  identities: IdentityRow[]
  notice?: string
  error?: string
}

export function AccountIdentitiesPage(props: AccountIdentitiesProps) {
  const { page } = props
  const { t } = page
  const others = props.identities.filter((i) => !i.primary)
  return (
    <Layout title={t('identities.title')} page={page}>
      <AccountNav page={page} current="/account/identities" />
      <h1>{t('identities.title')}</h1>
      <p class="muted">{t('common.signedIn', { email: props.email })}</p>
      {props.notice ? <p role="status">{props.notice}</p> : null}
      <ErrorLine error={props.error} />
      <ul class="identities" aria-label={t('identities.list')}>
        {props.identities.map((identity) => (
          <li>
            <strong>{identity.connectionName}</strong>
            <br />
            <span class="muted">
              {identity.detail} ·{' '}
              {identity.linkedAt
                ? t('identities.linked', { date: day(page, identity.linkedAt) })
                : t('identities.linkedEarlier')}
            </span>
            {identity.primary || !identity.handle ? (
              <p class="muted">{t('identities.primary')}</p>
            ) : (
              <form method="post" action="/account/identities/unlink">
                <input type="hidden" name="csrf" value={props.csrf} />
                <input type="hidden" name="id" value={identity.handle} />
                <button
                  class="link"
                  type="submit"
                  aria-label={t('identities.unlinkNamed', { name: identity.connectionName })}
                >
                  {t('identities.unlink')}
                </button>
              </form>
            )}
          </li>
        ))}
      </ul>
      {others.length === 0 ? <p>{t('identities.none')}</p> : null}
    </Layout>
  )
}
