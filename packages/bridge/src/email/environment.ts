/**
 * The process's SMTP settings: the config's `smtp:` block, or SSOBRIDGE_SMTP_URL and
 * SSOBRIDGE_SMTP_FROM, checked as the config checks its own (errors name the variable, never
 * the URL, which holds a password).
 */
import { BridgeError } from '../errors.js'
import { emailSettings, fromProblem, smtpUrlProblem, type SmtpBlock } from './settings.js'
import type { EmailSettings } from './types.js'

export function emailSettingsFrom(
  smtp: SmtpBlock | undefined,
  env: Record<string, string | undefined>,
  issuer: string,
): EmailSettings | undefined {
  const problems: string[] = []
  if (!smtp?.url && env.SSOBRIDGE_SMTP_URL) {
    const problem = smtpUrlProblem(env.SSOBRIDGE_SMTP_URL)
    if (problem) problems.push(`SSOBRIDGE_SMTP_URL ${problem}`)
    const from = smtp?.from ?? env.SSOBRIDGE_SMTP_FROM
    const fromIssue = from ? fromProblem(from) : undefined
    if (fromIssue) problems.push(`SSOBRIDGE_SMTP_FROM ${fromIssue}`)
  }
  if (problems.length)
    throw new BridgeError('invalid_config', {
      reason: 'parameter_invalid',
      message: problems.join('; '),
    })
  return emailSettings(smtp, env, issuer)
}
