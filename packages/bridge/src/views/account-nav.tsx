/** The links between the account pages, the same on each of them. */
import type { MessageKey } from '../i18n/messages.js'
import type { Page } from './page.js'

/** One link per account page; a new page adds its line here. */
export const accountPages = [
  { href: '/account/sessions', label: 'accountNav.sessions' },
  { href: '/account/passkeys', label: 'accountNav.passkeys' },
  { href: '/account/identities', label: 'accountNav.identities' },
] as const satisfies readonly { href: string; label: MessageKey }[]

export type AccountPath = (typeof accountPages)[number]['href']

export function AccountNav(props: { page: Page; current: AccountPath }) {
  const { t } = props.page
  return (
    <nav aria-label={t('accountNav.label')}>
      <ul class="account-nav">
        {accountPages.map((link) => (
          <li>
            <a href={link.href} aria-current={link.href === props.current ? 'page' : undefined}>
              {t(link.label)}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  )
}
