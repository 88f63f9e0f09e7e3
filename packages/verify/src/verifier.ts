import { MemoryReplayStore } from './memory-replay-store.js'
import { resolveOptions, type ResolvedOptions } from './resolve-options.js'
import { toSsoClaims, type SsoClaims } from './sso-claims.js'
import { timingSafeEqual } from './timing-safe-equal.js'
import type { VerifyOptions } from './verify-options.js'
import { VerifyError } from './verify-error.js'
import { verifySignedToken, type TokenKind } from './verify-signed-token.js'

const requiredClaims = ['iss', 'aud', 'sub', 'iat', 'exp', 'jti', 'nonce']

/**
 * Builds a verifier for one app: options are checked now (a bad one throws `invalid_options`),
 * the key (or the JWKS) is prepared once, and `jti` values are remembered across calls.
 */
export function createVerifier(
  options: VerifyOptions,
): (token: string, expected: { nonce: string }) => Promise<SsoClaims> {
  const config = resolveOptions(options)
  return async function verify(token, expected) {
    return verifyWith(config, token, expected)
  }
}

// One store for every `verifyToken` call without its own store: a store per call would forget.
const sharedReplayStore = new MemoryReplayStore()

/** One-shot form of `createVerifier`; prefer a verifier made once at start-up. */
export async function verifyToken(
  token: string,
  options: VerifyOptions & { nonce: string },
): Promise<SsoClaims> {
  const { nonce, ...verifyOptions } = options
  const config = resolveOptions({
    ...verifyOptions,
    replayStore: verifyOptions.replayStore ?? sharedReplayStore,
  })
  return verifyWith(config, token, { nonce })
}

async function verifyWith(
  config: ResolvedOptions,
  token: unknown,
  expected: { nonce: string },
): Promise<SsoClaims> {
  return await verifySignedToken(config, token, signInToken(expected?.nonce))
}

/** A sign-in token is bound to one attempt: its `nonce` is the `state` this browser holds. */
function signInToken(expectedNonce: unknown): TokenKind<SsoClaims> {
  const nonce = typeof expectedNonce === 'string' ? expectedNonce : ''
  return {
    typ: 'JWT',
    requiredClaims,
    limitsTokenAge: true,
    spendsJti: true,
    checkExpectations() {
      if (nonce.length === 0) throw new VerifyError('state_missing')
    },
    toClaims(payload) {
      const claims = toSsoClaims(payload)
      if (!timingSafeEqual(claims.nonce, nonce)) throw new VerifyError('nonce_mismatch')
      return claims
    },
  }
}
