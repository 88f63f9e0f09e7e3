/**
 * Webhook signing secrets in the Standard Webhooks form: `whsec_` and the base64 of 24 to 64
 * random bytes (what the `standardwebhooks` libraries of every language take as is).
 */
import { randomBytes } from 'node:crypto'

export const WEBHOOK_SECRET_PREFIX = 'whsec_'

/** A fresh secret: 32 random bytes. */
export const generateWebhookSecret = () =>
  `${WEBHOOK_SECRET_PREFIX}${randomBytes(32).toString('base64')}`

/** Whether a secret given in the config file has the form, and enough bytes to be one. */
export function isWebhookSecret(value: string): boolean {
  if (!value.startsWith(WEBHOOK_SECRET_PREFIX)) return false
  const body = value.slice(WEBHOOK_SECRET_PREFIX.length)
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(body) || body.length % 4 !== 0) return false
  const bytes = Buffer.from(body, 'base64').length
  return bytes >= 24 && bytes <= 64
}
