import type { JWTPayload } from 'jose'
import { VerifyError } from './verify-error.js'

/** The claims of an ssobridge token, after every check passed. */
export interface SsoClaims {
  iss: string
  aud: string
  /** Stable user id at the bridge (pairwise per app when the app asks for it). */
  sub: string
  iat: number
  exp: number
  jti: string
  /** The site's `state`. */
  nonce: string
  auth_time?: number
  amr?: string[]
  email?: string
  email_verified?: boolean
  name?: string
  given_name?: string
  family_name?: string
  /** The connection the visitor signed in with. */
  idp?: string
  /**
   * The bridge session (not for presets): logout tokens name the same `sid`, and `logoutUrl`
   * passes it to prove a sign-out comes from a site of this session.
   */
  sid?: string
  /** The app's claim mapping, e.g. `groups`. */
  [claim: string]: unknown
}

type Check = (value: unknown) => boolean

const isString: Check = (value) => typeof value === 'string'
const isNonEmptyString: Check = (value) => typeof value === 'string' && value.length > 0
const isNumber: Check = (value) => typeof value === 'number' && Number.isFinite(value)
const isBoolean: Check = (value) => typeof value === 'boolean'
const isStringArray: Check = (value) => Array.isArray(value) && value.every(isString)

// jose checked presence, iss, aud membership and the time claims; these pin the types.
const required: [string, Check][] = [
  ['iss', isString],
  ['aud', isString], // one audience only: an array is a token made for several parties
  ['sub', isNonEmptyString],
  ['iat', isNumber],
  ['exp', isNumber],
  ['jti', isNonEmptyString],
  ['nonce', isNonEmptyString],
]
const optional: [string, Check][] = [
  ['auth_time', isNumber],
  ['amr', isStringArray],
  ['email', isString],
  ['email_verified', isBoolean],
  ['name', isString],
  ['given_name', isString],
  ['family_name', isString],
  ['idp', isString],
  ['sid', isString],
]

/** Narrows a verified payload to `SsoClaims`, or throws `claim_invalid` naming the claim. */
export function toSsoClaims(payload: JWTPayload): SsoClaims {
  for (const [claim, check] of required) {
    if (!check(payload[claim])) throw new VerifyError('claim_invalid', undefined, { claim })
  }
  for (const [claim, check] of optional) {
    const value = payload[claim]
    if (value !== undefined && !check(value)) {
      throw new VerifyError('claim_invalid', undefined, { claim })
    }
  }
  return payload as SsoClaims
}
