/**
 * The shapes every platform check shares: what reached the platform, what the platform knows,
 * and one result per rule the platform enforces.
 */

export const platformNames = [
  'thinkific',
  'zendesk',
  'canny',
  'discourse',
  'bigcommerce',
  'shopify',
  'gitbook',
  'mintlify',
  'featurebase',
  'freshworks',
  'readme',
  'helpscout',
] as const
export type PlatformName = (typeof platformNames)[number]

/** Exactly what the browser would send to the platform (URL with path and fragment). */
export interface PlatformDelivery {
  method: 'GET' | 'POST'
  url: string
  form?: Record<string, string>
}

export interface CheckContext {
  /** The shared secret, or a PEM/JWK key for RS256/EdDSA (a private key is reduced to its public half). */
  key: string
  /** Milliseconds since the epoch: the platform's clock. */
  now: number
  /** True when this jti/nonce/token/state was used before; the fake commits ids only on acceptance. */
  seen(id: string): boolean
  /**
   * Round-trip values the platform sent (nonce, state, companyID, return target) and the
   * platform's own identifiers a token must name (BigCommerce `client_id`, `store_hash`).
   */
  expected?: Record<string, string>
}

export interface RuleResult {
  /** Stable id: 'header.typ', 'signature', 'claim.email', 'clock.iat', 'replay.jti', 'roundtrip.nonce' … */
  rule: string
  pass: boolean
  detail: string
  /** What the admin changes when the rule fails. */
  fix?: string
}

/** Async because jose verifies signatures with WebCrypto. */
export type PlatformCheck = (delivery: PlatformDelivery, ctx: CheckContext) => Promise<RuleResult[]>

export const passed = (rule: string, detail: string): RuleResult => ({ rule, pass: true, detail })
export const failed = (rule: string, detail: string, fix: string): RuleResult => ({
  rule,
  pass: false,
  detail,
  fix,
})

/** True when every rule passed: what the platform needs to sign the visitor in. */
export const accepts = (results: RuleResult[]) => results.every((r) => r.pass)
