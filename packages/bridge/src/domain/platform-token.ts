/**
 * The parts of a preset app's token that no claim mapping makes: values from the platform's own
 * request (Freshworks' and Discourse's nonce, the return target), its account settings
 * (BigCommerce's client ID, store and customer), and the encodings that are not JWTs
 * (DiscourseConnect's signed payload, Shopify Multipass).
 */
import { encodeDiscourseResponse } from '../platforms/discourse-connect.js'
import { encodeMultipass } from '../platforms/shopify-multipass.js'
import type { App } from './apps.js'
import type { PlatformRequest } from './platform-request.js'
import type { Preset } from './presets.js'

/** What a preset's token needs to know about this sign-in besides the user. */
export interface PlatformFacts {
  request?: PlatformRequest
  /** BigCommerce: the store's id of the customer, looked up (or created) by email. */
  customerId?: number
}

/** The claims only the preset sets; they win over mapped claims of the same name. */
export function platformClaims(
  app: App,
  preset: Preset,
  facts: PlatformFacts | undefined,
  nowMs: number,
  emailVerified: boolean | undefined,
): Record<string, unknown> {
  const target = facts?.request?.target
  const seconds = Math.floor(nowMs / 1000)
  switch (app.preset) {
    case 'bigcommerce':
      return {
        iss: app.platform?.clientId,
        operation: 'customer_login',
        store_hash: app.platform?.storeHash,
        customer_id: facts?.customerId,
        channel_id: app.platform?.channelId,
        redirect_to: target,
      }
    case 'shopify-multipass':
      // Shopify refuses a created_at with an offset it cannot read: UTC, to the second.
      return {
        created_at: new Date(nowMs).toISOString().replace(/\.\d{3}Z$/, 'Z'),
        return_to: target,
      }
    case 'mintlify':
      return { expiresAt: seconds + (app.platform?.sessionTtl ?? 86_400) }
    case 'discourse':
      // Discourse trusts the email it is given; an unverified one must be confirmed there.
      return { nonce: facts?.request?.nonce, require_activation: emailVerified !== true }
    default:
      return preset.request === 'freshworks' ? { nonce: facts?.request?.nonce } : {}
  }
}

/** DiscourseConnect fields are text: lists go comma-separated, as Discourse splits them. */
function discourseFields(claims: Record<string, unknown>) {
  const fields: Record<string, string | boolean | number | undefined> = {}
  for (const [name, value] of Object.entries(claims)) {
    if (Array.isArray(value)) fields[name] = value.map(String).join(',')
    else if (typeof value === 'string' || typeof value === 'boolean' || typeof value === 'number')
      fields[name] = value
    else if (value !== undefined && value !== null) fields[name] = JSON.stringify(value)
  }
  return fields
}

/**
 * Encodes a payload that is not a JWT. A DiscourseConnect answer is its query (`sso=…&sig=…`),
 * which the delivery appends to return_sso_url.
 */
export function encodePlatformPayload(
  preset: Preset,
  claims: Record<string, unknown>,
  secret: string,
): string {
  if (preset.format === 'multipass') return encodeMultipass(claims, secret)
  const { sso, sig } = encodeDiscourseResponse(discourseFields(claims), secret)
  return new URLSearchParams({ sso, sig }).toString()
}
