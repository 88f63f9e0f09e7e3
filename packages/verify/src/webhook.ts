/**
 * Verifies a webhook the bridge sent (Standard Webhooks: `webhook-id`, `webhook-timestamp`,
 * `webhook-signature`) with the `standardwebhooks` library and the endpoint's secret, and returns
 * the event it carries. Several secrets may be given while one is being rotated: any one that
 * signed the request is enough.
 */
import { Webhook, WebhookVerificationError } from 'standardwebhooks'
import { VerifyError } from './verify-error.js'

/** The events the bridge sends (docs/webhooks.md says when each fires). */
export type WebhookEventType =
  | 'user.created'
  | 'user.updated'
  | 'user.deleted'
  | 'user.disabled'
  | 'session.started'
  | 'session.ended'
  | 'mfa.enrolled'
  | 'mfa.removed'
  | 'password.changed'

export interface WebhookEventData {
  /** What the app's tokens say of the user: its `sub` (pairwise where the app uses it) and claims. */
  user: { sub: string; [claim: string]: unknown }
  /** `user.updated`: the names of the fields that changed (`email`, `name`, `groups`…). */
  changed?: string[]
  /** `session.*`: the session's `sid`, as the app's tokens and logout tokens carry it. */
  sid?: string
  /** `session.ended`: `logout`, `user`, `admin`, `user_disabled`, `user_deleted`… */
  reason?: string
  /** `mfa.*`: `totp`, `passkey` or `recovery_codes`. */
  factor?: string
  /** `session.started`: this app, when the session began by signing into it. */
  app?: string
}

export interface WebhookEvent {
  /** The `webhook-id`: the same on every attempt of one event; drop one seen before. */
  id: string
  /** A type this version does not know is passed through, so a newer bridge breaks nothing. */
  type: WebhookEventType | (string & {})
  /** When the event happened (ISO 8601). */
  timestamp: string
  data: WebhookEventData
}

/** A fetch `Headers`, Node's `req.headers`, or a plain record (names in any case). */
export type WebhookHeaders = Headers | Record<string, string | string[] | undefined>

const NAMES = ['webhook-id', 'webhook-timestamp', 'webhook-signature'] as const

function headerValues(headers: WebhookHeaders): Record<(typeof NAMES)[number], string> {
  const read =
    typeof (headers as Headers).get === 'function'
      ? (name: string) => (headers as Headers).get(name) ?? undefined
      : (() => {
          const lower = new Map(
            Object.entries(headers as Record<string, unknown>).map(([k, v]) => [
              k.toLowerCase(),
              v,
            ]),
          )
          return (name: string) => lower.get(name)
        })()
  const out: Record<string, string> = {}
  for (const name of NAMES) {
    const value = read(name)
    // Twice the same header is not something the bridge sends.
    if (typeof value !== 'string' || !value) throw new VerifyError('webhook_malformed')
    out[name] = value
  }
  if (!/^\d{1,12}$/.test(out['webhook-timestamp']!)) throw new VerifyError('webhook_malformed')
  return out as Record<(typeof NAMES)[number], string>
}

function eventOf(id: string, parsed: unknown): WebhookEvent {
  const event = parsed as Partial<WebhookEvent> | null
  if (
    typeof event !== 'object' ||
    event === null ||
    typeof event.type !== 'string' ||
    typeof event.timestamp !== 'string' ||
    typeof event.data !== 'object' ||
    event.data === null ||
    typeof event.data.user?.sub !== 'string'
  )
    throw new VerifyError('webhook_malformed')
  return { id, type: event.type, timestamp: event.timestamp, data: event.data }
}

/**
 * The event of a webhook request, once its signature and timestamp (the library's five minutes
 * either way) are checked. Pass the body exactly as received, before any JSON parsing.
 * @throws VerifyError `webhook_malformed`, `webhook_timestamp_out_of_range`,
 *   `webhook_signature_invalid`, or `invalid_options` for a missing or unusable secret.
 */
export function verifyWebhook(
  secret: string | readonly string[],
  body: string | Uint8Array,
  headers: WebhookHeaders,
): WebhookEvent {
  const secrets = typeof secret === 'string' ? [secret] : [...secret]
  let hooks: Webhook[]
  try {
    if (!secrets.length) throw new Error('no secret')
    hooks = secrets.map((s) => new Webhook(s))
  } catch (cause) {
    throw new VerifyError('invalid_options', 'verifyWebhook needs the endpoint secret(s).', {
      cause,
    })
  }
  if (typeof body !== 'string' && !(body instanceof Uint8Array))
    throw new VerifyError('webhook_malformed')
  const values = headerValues(headers)
  let failure: unknown
  for (const hook of hooks) {
    let parsed: unknown
    try {
      parsed = hook.verify(body, values)
    } catch (error) {
      failure = error
      // The timestamp is checked before the signature, and fails alike under every secret.
      if (error instanceof WebhookVerificationError && /timestamp/i.test(error.message))
        throw new VerifyError('webhook_timestamp_out_of_range')
      // A signed body that is not JSON: the signature held, what it carries is no event.
      if (error instanceof SyntaxError) throw new VerifyError('webhook_malformed')
      continue
    }
    return eventOf(values['webhook-id'], parsed)
  }
  throw new VerifyError('webhook_signature_invalid', undefined, {
    cause: failure instanceof WebhookVerificationError ? undefined : failure,
  })
}
