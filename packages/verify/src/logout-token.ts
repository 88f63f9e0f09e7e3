// OIDC Back-Channel Logout 1.0 on the site's side: verify the logout token the bridge POSTs when a
// user signs out, then end the sessions it names. Same keys and options as sign-in tokens.
import type { JWTPayload } from 'jose'
import { MemoryReplayStore } from './memory-replay-store.js'
import { resolveOptions, type ResolvedOptions } from './resolve-options.js'
import type { VerifyOptions } from './verify-options.js'
import { VerifyError } from './verify-error.js'
import { verifySignedToken, type TokenKind } from './verify-signed-token.js'

export const BACKCHANNEL_LOGOUT_EVENT = 'http://schemas.openid.net/event/backchannel-logout'

/** The claims of a verified logout token: `sub`, `sid` or both say whose sessions to end. */
export interface LogoutClaims {
  iss: string
  aud: string
  iat: number
  exp: number
  jti: string
  /** The user, as this app knows them (the `sub` of its sign-in tokens). */
  sub?: string
  /** The bridge session that ended (the `sid` of the sign-in tokens it produced). */
  sid?: string
  events: Record<string, unknown>
}

const isNonEmptyString = (value: unknown): value is string =>
  typeof value === 'string' && value.length > 0

/** Builds a logout token verifier for one app; options as for `createVerifier`. */
export function createLogoutTokenVerifier(
  options: VerifyOptions,
): (token: string) => Promise<LogoutClaims> {
  const config = resolveOptions(options)
  return async function verifyLogout(token) {
    return verifyLogoutWith(config, token)
  }
}

const sharedReplayStore = new MemoryReplayStore()

/** One-shot form of `createLogoutTokenVerifier`. */
export async function verifyLogoutToken(
  token: string,
  options: VerifyOptions,
): Promise<LogoutClaims> {
  const config = resolveOptions({
    ...options,
    replayStore: options.replayStore ?? sharedReplayStore,
  })
  return verifyLogoutWith(config, token)
}

function verifyLogoutWith(config: ResolvedOptions, token: unknown): Promise<LogoutClaims> {
  return verifySignedToken(config, token, logoutToken)
}

const logoutToken: TokenKind<LogoutClaims> = {
  // Explicit typing: a sign-in token (typ JWT) can never pass as a logout token.
  typ: 'logout+jwt',
  requiredClaims: ['iss', 'aud', 'iat', 'exp', 'jti', 'events'],
  limitsTokenAge: true,
  spendsJti: true,
  toClaims: toLogoutClaims,
}

function invalid(claim: string): VerifyError {
  return new VerifyError('claim_invalid', undefined, { claim })
}

function toLogoutClaims(payload: JWTPayload): LogoutClaims {
  const events = payload.events
  if (
    typeof events !== 'object' ||
    events === null ||
    Array.isArray(events) ||
    typeof (events as Record<string, unknown>)[BACKCHANNEL_LOGOUT_EVENT] !== 'object' ||
    (events as Record<string, unknown>)[BACKCHANNEL_LOGOUT_EVENT] === null
  ) {
    throw invalid('events')
  }
  // The spec forbids a nonce: a token with one is an ID token dressed up as a logout token.
  if ('nonce' in payload) throw invalid('nonce')
  if (typeof payload.aud !== 'string') throw invalid('aud')
  if (!isNonEmptyString(payload.jti)) throw invalid('jti')
  if (payload.sub !== undefined && !isNonEmptyString(payload.sub)) throw invalid('sub')
  if (payload.sid !== undefined && !isNonEmptyString(payload.sid)) throw invalid('sid')
  if (payload.sub === undefined && payload.sid === undefined) throw invalid('sub')
  return payload as unknown as LogoutClaims
}
