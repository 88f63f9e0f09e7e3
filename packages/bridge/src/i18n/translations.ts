/**
 * The bridge's translations: the catalogs plus the admin's overrides of single strings, loaded
 * once into one i18next instance (plural rules through Intl.PluralRules, `de-AT` falls back to
 * `de`, then English). Interpolation does not escape: pages render through JSX, which does.
 */
import i18next, { type i18n } from 'i18next'
import { de } from './catalogs/de.js'
import { en } from './catalogs/en.js'
import { es } from './catalogs/es.js'
import { fr } from './catalogs/fr.js'
import { ja } from './catalogs/ja.js'
import { DEFAULT_LOCALE, PSEUDO_LOCALE, type CatalogLocale, type Locale } from './locales.js'
import type { Catalog, MessageKey, Translate } from './messages.js'
import { pseudoCatalog } from './pseudo.js'

export const catalogs: Record<CatalogLocale, Catalog> = { en, de, fr, es, ja }

/** Per language, dotted key → the admin's text (config `strings:`). */
export type StringOverrides = Partial<Record<CatalogLocale, Partial<Record<string, string>>>>

export interface Translations {
  translator(locale: Locale): Translate
}

export function createTranslations(overrides: StringOverrides = {}): Translations {
  const instance: i18n = i18next.createInstance()
  const resources = Object.fromEntries([
    // Copies: i18next keeps the objects it is given and addResource writes into them.
    ...Object.entries(catalogs).map(([locale, catalog]) => [
      locale,
      { translation: structuredClone(catalog) },
    ]),
    [PSEUDO_LOCALE, { translation: pseudoCatalog(en) }],
  ])
  void instance.init({
    resources,
    lng: DEFAULT_LOCALE,
    fallbackLng: DEFAULT_LOCALE,
    initAsync: false,
    interpolation: { escapeValue: false },
    returnNull: false,
    showSupportNotice: false,
  })
  for (const [locale, strings] of Object.entries(overrides))
    for (const [key, text] of Object.entries(strings ?? {}))
      if (text !== undefined) instance.addResource(locale, 'translation', key, text)
  const cache = new Map<Locale, Translate>()
  return {
    translator(locale) {
      let t = cache.get(locale)
      if (!t) {
        const fixed = instance.getFixedT(locale)
        t = (key: MessageKey, vars) => fixed(key, vars) as string
        cache.set(locale, t)
      }
      return t
    },
  }
}
