/**
 * The config's `smtp:` block: where the bridge sends email and as whom, and the admin's
 * overrides of its templates. The URL carries credentials, so it is a secret (`env:`, `file:`).
 */
import { z } from 'zod'
import { fromProblem, smtpUrlProblem } from '../email/settings.js'
import { unknownPlaceholders } from '../email/templates.js'
import { EMAIL_TEMPLATES } from '../email/types.js'

const templateText = (max: number, oneLine: boolean) =>
  z
    .string()
    .min(1)
    .max(max)
    .superRefine((value, ctx) => {
      const unknown = unknownPlaceholders(value)
      if (unknown.length)
        ctx.addIssue({
          code: 'custom',
          message: `unknown placeholder ${unknown.map((n) => `{{${n}}}`).join(', ')} (known: {{appName}}, {{link}}, {{code}}, {{expiresIn}}, {{expiresInMinutes}})`,
        })
      if (oneLine && /[\r\n]/.test(value))
        ctx.addIssue({ code: 'custom', message: 'a subject is one line' })
    })

const templateOverride = z.strictObject({
  subject: templateText(200, true).optional(),
  text: templateText(20_000, false).optional(),
  html: templateText(100_000, false).optional(),
})

const templates = z.strictObject(
  Object.fromEntries(EMAIL_TEMPLATES.map((name) => [name, templateOverride.optional()])) as Record<
    (typeof EMAIL_TEMPLATES)[number],
    z.ZodOptional<typeof templateOverride>
  >,
)

/** `secret`: the config's `env:`/`file:` resolving string schema. */
export function smtpField(secret: z.ZodType<string, string>) {
  return z
    .strictObject({
      /** Optional here: SSOBRIDGE_SMTP_URL gives it when the file does not. */
      url: secret
        .refine((value) => smtpUrlProblem(value) === undefined, {
          // Never the value: it holds the password.
          error: (issue) => `url ${smtpUrlProblem(String(issue.input)) ?? 'is not valid'}`,
        })
        .optional(),
      from: z
        .string()
        .max(320)
        .refine((value) => fromProblem(value) === undefined, {
          error: (issue) => `from ${fromProblem(String(issue.input)) ?? 'is not valid'}`,
        })
        .optional(),
      templates: templates.default({}),
    })
    .superRefine((smtp, ctx) => {
      if (smtp.url !== undefined && smtp.from === undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['from'],
          message: 'is required with smtp.url, e.g. "Example sign-in <signin@example.com>"',
        })
    })
}

/** Whether this config (or the environment) gives the bridge an SMTP server to send through. */
export function smtpConfigured(
  smtp: { url?: string } | undefined,
  env: Record<string, string | undefined>,
): boolean {
  return Boolean(smtp?.url ?? env.SSOBRIDGE_SMTP_URL)
}
