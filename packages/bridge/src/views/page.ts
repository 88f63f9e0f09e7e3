/** What every visitor page is rendered with: its CSP nonce and its language. */
import type { Locale } from '../i18n/locales.js'
import type { Translate } from '../i18n/messages.js'

export interface Page {
  nonce: string
  locale: Locale
  dir: 'ltr' | 'rtl'
  t: Translate
}
