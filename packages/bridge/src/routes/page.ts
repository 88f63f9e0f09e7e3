/**
 * The page context a route renders with: its CSP nonce and the visitor's language, picked from
 * the sign-in's `ui_locales`, the request's own `ui_locales`, `Accept-Language`, then the app's
 * default language. Routes that load the sign-in note it (`notePage`), so that every page of the
 * request, the error page included, speaks the language the site asked for.
 */
import type { Context } from 'hono'
import { randomToken } from '../domain/random-token.js'
import { directionOf, negotiateLocale } from '../i18n/locales.js'
import { createTranslations, type Translations } from '../i18n/translations.js'
import type { Page } from '../views/page.js'
import type { BridgeEnv } from './env.js'
import type { PageHints } from './page-hints.js'

export type { PageHints }

// Only for a request that reached no middleware (a fault before app.tsx set the translations).
let fallback: ReturnType<typeof createTranslations> | undefined

/** Remembers what this request is for: later pages (and errors) pick their language from it. */
export function notePage(c: Context<BridgeEnv>, hints: PageHints): void {
  c.set('pageHints', { ...c.get('pageHints'), ...hints })
}

export function pageOf<E extends BridgeEnv>(c: Context<E>, hints: PageHints = {}): Page {
  const known = { ...c.get('pageHints'), ...hints }
  const appDefault = known.app?.branding?.defaultLocale
  const locale = negotiateLocale({
    uiLocales: known.tx?.uiLocales ?? c.req.query('ui_locales'),
    acceptLanguage: c.req.header('accept-language'),
    appDefault,
  })
  const translations: Translations =
    (c.get('translations') as Translations | undefined) ?? (fallback ??= createTranslations())
  return {
    // An error before security-headers ran has no nonce yet; the page still needs one.
    nonce: c.get('nonce') ?? randomToken(16),
    locale,
    dir: directionOf(locale),
    t: translations.translator(locale),
    brand: known.app,
  }
}
