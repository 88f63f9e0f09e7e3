import type { JWTVerifyOptions } from 'jose'
import { fromJoseError } from './jose-error.js'
import { MemoryReplayStore } from './memory-replay-store.js'
import { resolveOptions, type ResolvedOptions } from './resolve-options.js'
import { toSsoClaims, type SsoClaims } from './sso-claims.js'
import { timingSafeEqual } from './timing-safe-equal.js'
import type { VerifyOptions } from './verify-options.js'
import { VerifyError } from './verify-error.js'
import { verifyJwt } from './verify-jwt.js'

/** Bridge tokens are well under 2 KB; anything past this is refused before any parsing. */
export const MAX_TOKEN_LENGTH = 8 * 1024

// Three base64url parts; an empty signature is let through so that `alg: none` is named as such.
const compactJws = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/

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
  if (typeof token !== 'string' || token.length === 0) throw new VerifyError('token_missing')
  if (token.length > MAX_TOKEN_LENGTH || !compactJws.test(token)) {
    throw new VerifyError('token_malformed')
  }
  const expectedNonce: unknown = expected?.nonce
  if (typeof expectedNonce !== 'string' || expectedNonce.length === 0) {
    throw new VerifyError('state_missing')
  }

  const joseOptions: JWTVerifyOptions = {
    algorithms: config.algorithms,
    issuer: config.issuer,
    audience: config.audience,
    typ: 'JWT',
    clockTolerance: config.clockToleranceSeconds,
    maxTokenAge: config.maxTokenAgeSeconds,
    requiredClaims,
  }
  let payload
  try {
    const result = await verifyJwt(config.key, token, joseOptions)
    payload = result.payload
  } catch (error) {
    throw fromJoseError(error, config.key.kind === 'jwks')
  }

  const claims = toSsoClaims(payload)
  if (!timingSafeEqual(claims.nonce, expectedNonce)) throw new VerifyError('nonce_mismatch')
  // Only now, with signature and claims good, may the jti be spent: a forged token burns nothing.
  const unseen = await config.replayStore.markUsed(
    claims.jti,
    claims.exp + config.clockToleranceSeconds,
  )
  if (!unseen) throw new VerifyError('token_replayed')
  return claims
}
