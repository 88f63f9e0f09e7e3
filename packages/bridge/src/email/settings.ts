/**
 * The SMTP settings of one bridge process: the config's `smtp:` or, when the file names no URL,
 * SSOBRIDGE_SMTP_URL (with SSOBRIDGE_SMTP_FROM, else no-reply@ the issuer's host).
 */
import { refuseLineBreaks } from './address.js'
import type { EmailSettings, TemplateOverrides } from './types.js'

/** The `smtp:` block as the config schema leaves it. */
export interface SmtpBlock {
  url?: string
  from?: string
  templates?: TemplateOverrides
}

type Env = Record<string, string | undefined>

/** Why an SMTP URL is not one the bridge can send through, or undefined when it is. */
export function smtpUrlProblem(value: string): string | undefined {
  if (!URL.canParse(value)) return 'must be a URL like smtps://user:password@smtp.example.com:465'
  const url = new URL(value)
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:')
    return 'must start with smtp:// (STARTTLS or plain) or smtps:// (TLS from the start)'
  if (!url.hostname) return 'must name the SMTP host'
  return undefined
}

/** Why a From value is unusable, or undefined: `address` or `Name <address>`, one line. */
export function fromProblem(value: string): string | undefined {
  try {
    refuseLineBreaks(value, 'from')
  } catch {
    return 'must be one line'
  }
  const match = /^(?:([^<>"]{0,100}?)\s*<([^<>\s]+@[^<>\s]+)>|([^<>\s]+@[^<>\s]+))$/.exec(
    value.trim(),
  )
  return match ? undefined : 'must be an address or "Name <address>"'
}

export function emailSettings(
  smtp: SmtpBlock | undefined,
  env: Env,
  issuer: string,
): EmailSettings | undefined {
  const url = smtp?.url ?? (env.SSOBRIDGE_SMTP_URL || undefined)
  if (!url) return undefined
  const from =
    smtp?.from ?? (env.SSOBRIDGE_SMTP_FROM || undefined) ?? `no-reply@${new URL(issuer).hostname}`
  return { url, from, templates: smtp?.templates ?? {} }
}

/** The URL without its credentials, for logs and the start-up line. */
export function smtpUrlForLogs(value: string): string {
  const url = new URL(value)
  return `${url.protocol}//${url.host}`
}
