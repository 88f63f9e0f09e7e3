/** What every visitor page is rendered with: its CSP nonce, its language and the app's brand. */
import type { App } from '../domain/apps.js'
import type { Locale } from '../i18n/locales.js'
import type { Translate } from '../i18n/messages.js'

export interface Page {
  nonce: string
  locale: Locale
  dir: 'ltr' | 'rtl'
  t: Translate
  /** The app the page is for, once known: its branding (views/brand.tsx) dresses the page. */
  brand?: Pick<App, 'id' | 'name' | 'branding'>
}
