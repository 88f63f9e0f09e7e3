/**
 * Renders an email from its template (the bridge's or the admin's override) and the request's
 * data: {{placeholders}} are replaced as text in the plain body and the subject, HTML-escaped in
 * the HTML body, whoever wrote the template, and the subject must stay one line. A section
 * `{{#code}}…{{/code}}` is kept only when the email has that value (`{{^code}}…{{/code}}` only when
 * it has not): a sign-in email carries the code, the link or both, as the connection's
 * passwordless mode says. Each language has its own defaults (default-templates-<lang>.ts) and
 * its own words for the lifetime ("10 Minuten", "1 日"); an admin's override is one text for all.
 */
import { BridgeError } from '../errors.js'
import { DEFAULT_LOCALE, PSEUDO_LOCALE, type CatalogLocale, type Locale } from '../i18n/locales.js'
import { refuseLineBreaks } from './address.js'
import { defaultTemplates, FALLBACK_APP_NAME } from './default-templates.js'
import type { EmailData, EmailTemplate, TemplateOverrides } from './types.js'

/** What a template may use; an override naming anything else is refused by the config. */
export const PLACEHOLDERS = ['appName', 'link', 'code', 'expiresInMinutes', 'expiresIn'] as const
export type Placeholder = (typeof PLACEHOLDERS)[number]

export const PLACEHOLDER_PATTERN = /\{\{\s*([A-Za-z]+)\s*\}\}/g
const SECTION_PATTERN = /\{\{([#^])([A-Za-z]+)\}\}([\s\S]*?)\{\{\/\2\}\}/g

/** Minutes each kind of link or code lives unless the request says (issue 16's lifetimes). */
const DEFAULT_MINUTES: Record<EmailTemplate, number | undefined> = {
  'verify-email': 24 * 60,
  'reset-password': 30,
  'login-code': 10,
  'account-exists': undefined,
}

const NEEDS: Record<EmailTemplate, (keyof EmailData)[]> = {
  'verify-email': ['link'],
  'reset-password': ['link'],
  'login-code': [],
  'account-exists': ['link'],
}

export interface RenderedEmail {
  subject: string
  text: string
  html: string
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}
export const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!)

/** Placeholders a template text uses that the bridge does not know. */
export function unknownPlaceholders(template: string): string[] {
  const known = new Set<string>(PLACEHOLDERS)
  return [...template.matchAll(PLACEHOLDER_PATTERN)]
    .map((m) => m[1]!)
    .filter((name) => !known.has(name))
}

/** "10 minutes", "1 Tag", "24 heures": the largest whole unit, in the email's language. */
export function duration(minutes: number, locale: CatalogLocale = DEFAULT_LOCALE): string {
  const [amount, unit]: [number, 'day' | 'hour' | 'minute'] =
    minutes % (24 * 60) === 0
      ? [minutes / (24 * 60), 'day']
      : minutes % 60 === 0
        ? [minutes / 60, 'hour']
        : [minutes, 'minute']
  return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'long' }).format(amount)
}

/** The language an email is written in: the pseudo-locale's are English (it is for pages). */
export const emailLanguage = (locale: Locale | undefined): CatalogLocale =>
  !locale || locale === PSEUDO_LOCALE || !(locale in defaultTemplates)
    ? DEFAULT_LOCALE
    : (locale as CatalogLocale)

function values(
  template: EmailTemplate,
  data: EmailData,
  language: CatalogLocale,
): Record<Placeholder, string> {
  for (const field of NEEDS[template]) {
    if (data[field] === undefined || data[field] === '')
      throw new BridgeError('invalid_request', {
        reason: 'parameter_missing',
        message: `the ${template} email needs ${field}`,
      })
  }
  if (template === 'login-code' && !data.code && !data.link)
    throw new BridgeError('invalid_request', {
      reason: 'parameter_missing',
      message: 'the login-code email needs a code or a link',
    })
  if (data.link !== undefined) {
    const url = URL.canParse(data.link) ? new URL(data.link) : undefined
    // A link the mail client would run (javascript:, data:) must never reach an href.
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:'))
      throw new BridgeError('invalid_request', {
        reason: 'parameter_invalid',
        message: `the ${template} email's link is not an http(s) URL`,
      })
  }
  if (data.code !== undefined && !/^[0-9]{6}$/.test(data.code))
    throw new BridgeError('invalid_request', {
      reason: 'parameter_invalid',
      message: 'a login code is 6 digits',
    })
  const minutes = data.expiresInMinutes ?? DEFAULT_MINUTES[template]
  for (const [name, value] of Object.entries(data))
    if (typeof value === 'string') refuseLineBreaks(value, `the email's ${name}`)
  return {
    appName: data.appName || (data.link ? new URL(data.link).host : FALLBACK_APP_NAME[language]),
    link: data.link ?? '',
    code: data.code ?? '',
    expiresInMinutes: minutes === undefined ? '' : String(minutes),
    expiresIn: minutes === undefined ? '' : duration(minutes, language),
  }
}

function fill(text: string, data: Record<Placeholder, string>, escape: (v: string) => string) {
  const kept = text.replace(SECTION_PATTERN, (_whole, kind: string, name: string, inner: string) =>
    (name in data && data[name as Placeholder] !== '') === (kind === '#') ? inner : '',
  )
  return kept.replace(PLACEHOLDER_PATTERN, (whole, name: string) =>
    name in data ? escape(data[name as Placeholder]) : whole,
  )
}

function layout(body: string, subject: string, language: CatalogLocale): string {
  return [
    '<!doctype html>',
    `<html lang="${language}"><head><meta charset="utf-8">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(subject)}</title></head>`,
    '<body style="margin:0;padding:24px;background:#f6f7f9;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;color:#1f2328;line-height:1.5">',
    '<div style="max-width:560px;margin:0 auto;background:#ffffff;border-radius:8px;padding:24px">',
    body,
    '</div></body></html>',
  ].join('\n')
}

/**
 * The email for this request in the visitor's language (English when unset or en-XA); throws
 * invalid_request when its data cannot make a safe one.
 */
export function renderEmail(
  template: EmailTemplate,
  data: EmailData,
  overrides: TemplateOverrides = {},
  locale: Locale = DEFAULT_LOCALE,
): RenderedEmail {
  const language = emailLanguage(locale)
  const given = values(template, data, language)
  const source = { ...defaultTemplates[language][template], ...overrides[template] }
  const subject = refuseLineBreaks(fill(source.subject, given, String), 'the subject').trim()
  const text = fill(source.text, given, String)
  const inner = fill(source.html, given, escapeHtml)
  // An override that is a whole document keeps its own layout.
  const html = /^\s*(<!doctype|<html)/i.test(inner) ? inner : layout(inner, subject, language)
  return { subject, text, html }
}
