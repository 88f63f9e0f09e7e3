/**
 * BigCommerce's Customer Login API on the store's side: what GET /login/token/{jwt} checks. HS256
 * only with header typ JWT, signed with the API account's client secret; iss = client ID, iat at
 * most 30 s old, jti once, operation customer_login, this store's hash, a customer that exists,
 * redirect_to relative.
 */
import { decodeProtectedHeader, errors, jwtVerify, type JWTPayload } from 'jose'

export type LoginRefusal =
  | 'malformed_token'
  | 'missing_typ'
  | 'wrong_alg'
  | 'invalid_signature'
  | 'wrong_issuer'
  | 'wrong_operation'
  | 'wrong_store'
  | 'bad_iat'
  | 'expired'
  | 'missing_jti'
  | 'replayed_jti'
  | 'unknown_customer'
  | 'bad_channel'
  | 'absolute_redirect_to'

export interface LoginCheck {
  key: Uint8Array
  clientId: string
  storeHash: string
  customerExists(id: number): boolean
  /** Records a jti; false when it was seen before. */
  markJtiUsed(jti: string): boolean
  nowSeconds?: number
}

export type LoginResult =
  | { ok: true; customerId: number; redirectTo: string; claims: JWTPayload }
  | { ok: false; reason: LoginRefusal }

const IAT_SECONDS = 30
const SKEW_SECONDS = 5

/** A path on the store itself: one leading `/`, never `//` or `\`, no control characters. */
export function isRelativeTarget(value: string): boolean {
  return (
    /^\/(?![/\\])/.test(value) &&
    !value.includes('\\') &&
    ![...value].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f)
  )
}

export async function checkLoginToken(token: string, check: LoginCheck): Promise<LoginResult> {
  const refuse = (reason: LoginRefusal): LoginResult => ({ ok: false, reason })
  let header: { typ?: unknown; alg?: unknown }
  try {
    header = decodeProtectedHeader(token)
  } catch {
    return refuse('malformed_token')
  }
  if (header.typ !== 'JWT') return refuse('missing_typ')
  if (header.alg !== 'HS256') return refuse('wrong_alg')
  let claims: JWTPayload
  try {
    claims = (await jwtVerify(token, check.key, { algorithms: ['HS256'] })).payload
  } catch (error) {
    if (error instanceof errors.JWTExpired) return refuse('expired')
    if (error instanceof errors.JWSSignatureVerificationFailed) return refuse('invalid_signature')
    return refuse('malformed_token')
  }
  if (claims.iss !== check.clientId) return refuse('wrong_issuer')
  if (claims.operation !== 'customer_login') return refuse('wrong_operation')
  if (claims.store_hash !== check.storeHash) return refuse('wrong_store')
  const now = check.nowSeconds ?? Math.floor(Date.now() / 1000)
  const iat = claims.iat
  if (
    typeof iat !== 'number' ||
    !Number.isInteger(iat) ||
    now - iat > IAT_SECONDS + SKEW_SECONDS ||
    iat - now > SKEW_SECONDS
  ) {
    return refuse('bad_iat')
  }
  if (typeof claims.jti !== 'string' || claims.jti === '') return refuse('missing_jti')
  // Spent before the remaining checks, so a signed token is good for one GET whatever it holds.
  if (!check.markJtiUsed(claims.jti)) return refuse('replayed_jti')
  const customerId = claims.customer_id
  if (typeof customerId !== 'number' || !Number.isInteger(customerId)) {
    return refuse('unknown_customer')
  }
  if (!check.customerExists(customerId)) return refuse('unknown_customer')
  const channel = claims.channel_id
  if (channel !== undefined && (typeof channel !== 'number' || !Number.isInteger(channel))) {
    return refuse('bad_channel')
  }
  const redirectTo = claims.redirect_to ?? '/account.php'
  if (typeof redirectTo !== 'string' || !isRelativeTarget(redirectTo)) {
    return refuse('absolute_redirect_to')
  }
  return { ok: true, customerId, redirectTo, claims }
}
