/**
 * The bridge's own wording of each email, one file per language (default-templates-<lang>.ts):
 * what an admin's override replaces. Every language has every template (templates.test.ts).
 */
import type { CatalogLocale } from '../i18n/locales.js'
import { de } from './default-templates-de.js'
import { en } from './default-templates-en.js'
import { es } from './default-templates-es.js'
import { fr } from './default-templates-fr.js'
import { ja } from './default-templates-ja.js'
import type { LanguageTemplates } from './template-parts.js'

export type { LanguageTemplates, TemplateText } from './template-parts.js'

export const defaultTemplates: Record<CatalogLocale, LanguageTemplates> = { en, de, fr, es, ja }

/** What {{appName}} says when the email names no app and has no link to take a host from. */
export const FALLBACK_APP_NAME: Record<CatalogLocale, string> = {
  en: 'your account',
  de: 'Ihr Konto',
  fr: 'votre compte',
  es: 'su cuenta',
  ja: 'お客様のアカウント',
}
