/**
 * The languages the visitor pages and emails speak, and how one is picked for a request:
 * `ui_locales` (OIDC, and the embed's `data-locale`), then `Accept-Language`, then the app's
 * default language, then English. `en-XA` is a pseudo-locale for tests: every string of the
 * catalog is shown accented and bracketed, so a literal left untranslated stands out.
 */
export const LOCALES = ['en', 'de', 'fr', 'es', 'ja'] as const
export type CatalogLocale = (typeof LOCALES)[number]
export const PSEUDO_LOCALE = 'en-XA'
export type Locale = CatalogLocale | typeof PSEUDO_LOCALE

export const DEFAULT_LOCALE: CatalogLocale = 'en'

/** Text direction: every language we speak today is left to right; Arabic or Hebrew will not be. */
export const directionOf = (_locale: Locale): 'ltr' | 'rtl' => 'ltr'

// A BCP 47 tag as browsers send them: letters, digits and hyphens, at most 35 characters.
const TAG = /^[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*$/

/** The locale a tag names, if we speak it: exact (en-XA), else by its language (de-AT → de). */
export function matchLocale(tag: string): Locale | undefined {
  if (tag.length > 35 || !TAG.test(tag)) return undefined
  if (tag.toLowerCase() === PSEUDO_LOCALE.toLowerCase()) return PSEUDO_LOCALE
  const language = tag.split('-')[0]!.toLowerCase()
  return (LOCALES as readonly string[]).includes(language) ? (language as CatalogLocale) : undefined
}

/** `ui_locales`: space-separated tags, most preferred first (OIDC Core 3.1.2.1). */
export function fromUiLocales(value: string | undefined): Locale | undefined {
  for (const tag of (value ?? '').slice(0, 256).split(' ')) {
    const locale = tag ? matchLocale(tag) : undefined
    if (locale) return locale
  }
  return undefined
}

/** `Accept-Language`: the tag of highest weight we speak (RFC 9110 12.5.4); `*` means none. */
export function fromAcceptLanguage(header: string | undefined): Locale | undefined {
  const ranked = (header ?? '')
    .slice(0, 1024)
    .split(',')
    .slice(0, 32)
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';')
      const q = params.map((p) => /^\s*q=([01](?:\.\d{0,3})?)\s*$/.exec(p)?.[1]).find(Boolean)
      return { tag: tag.trim(), q: q === undefined ? 1 : Number(q), index }
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index)
  for (const { tag } of ranked) {
    const locale = matchLocale(tag)
    if (locale) return locale
  }
  return undefined
}

export interface LocaleHints {
  uiLocales?: string
  acceptLanguage?: string
  appDefault?: CatalogLocale
}

export const negotiateLocale = (hints: LocaleHints): Locale =>
  fromUiLocales(hints.uiLocales) ??
  fromAcceptLanguage(hints.acceptLanguage) ??
  hints.appDefault ??
  DEFAULT_LOCALE
