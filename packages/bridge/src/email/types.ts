/**
 * The email layer's public shapes: what the member journeys ask of it (Mailer, EmailRequest) and
 * what the config gives it (EmailSettings).
 */
import type { Locale } from '../i18n/locales.js'

export const EMAIL_TEMPLATES = [
  'verify-email',
  'reset-password',
  'login-code',
  'account-exists',
] as const
export type EmailTemplate = (typeof EMAIL_TEMPLATES)[number]

/** Values a template may show; each is text, escaped in HTML and refused with CR/LF in headers. */
export interface EmailData {
  appName?: string
  /** Verification, reset or magic link: an absolute bridge URL. */
  link?: string
  /** The 6-digit login code. */
  code?: string
  expiresInMinutes?: number
}

export interface EmailRequest {
  /** A valid address without CR/LF; anything else throws BridgeError invalid_request. */
  to: string
  template: EmailTemplate
  /** The connection id: what the console and the audit log list by. */
  owner: string
  data: EmailData
  /** The visitor's language (the page's); English when unset. */
  locale?: Locale
}

export interface Mailer {
  /** false when no SMTP server is configured: enqueue then throws invalid_config. */
  configured: boolean
  /**
   * Renders, seals (secret box) and puts the message in the durable outbox (kind 'email');
   * returns the outbox entry's id. Never waits for SMTP: a worker sends it.
   */
  enqueue(request: EmailRequest): Promise<string>
}

/** An admin's override of one template; each field optional, with {{placeholders}}. */
export interface TemplateOverride {
  subject?: string
  text?: string
  html?: string
}
export type TemplateOverrides = Partial<Record<EmailTemplate, TemplateOverride>>

/** Where and as whom the bridge sends (config `smtp:` or SSOBRIDGE_SMTP_URL / SSOBRIDGE_SMTP_FROM). */
export interface EmailSettings {
  /** smtp:// or smtps:// with credentials: a secret, never logged. */
  url: string
  /** The From header, e.g. `Example sign-in <signin@example.com>`. */
  from: string
  templates: TemplateOverrides
}
