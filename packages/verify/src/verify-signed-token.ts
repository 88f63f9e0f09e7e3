// The one path every token of this package takes (sign-in, access, logout): shape, header and
// `alg` policy, key, signature and standard claims through jose, then the kind's own claims and,
// for one-time tokens, the `jti`. A kind only says what differs, so no check can drift between them.
import type { JWTPayload, JWTVerifyOptions } from 'jose'
import { fromJoseError } from './jose-error.js'
import type { ResolvedOptions } from './resolve-options.js'
import { VerifyError } from './verify-error.js'
import { verifyJwt } from './verify-jwt.js'

/** Bridge tokens are well under 2 KB; anything past this is refused before any parsing. */
export const MAX_TOKEN_LENGTH = 8 * 1024

// Three base64url parts; an empty signature is let through so that `alg: none` is named as such.
const compactJws = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/

/** What sets one kind of token apart; everything else is the same for all of them. */
export interface TokenKind<Claims extends { jti: string; exp: number }> {
  /** The `typ` header it must carry: explicit typing keeps one kind from passing as another. */
  typ: string
  /** Claims jose must find before `toClaims` runs. */
  requiredClaims: readonly string[]
  /** Whether `iat` may be at most `maxTokenAgeSeconds` old. */
  limitsTokenAge: boolean
  /** One-time tokens spend their `jti` in the replay store once every other check holds. */
  spendsJti: boolean
  /** Checks of the caller's own input that come before any key is used (e.g. the expected nonce). */
  checkExpectations?: () => void
  /** Narrows the verified payload, or throws a `VerifyError` (`claim_invalid` naming the claim). */
  toClaims: (payload: JWTPayload) => Claims
}

export async function verifySignedToken<Claims extends { jti: string; exp: number }>(
  config: ResolvedOptions,
  token: unknown,
  kind: TokenKind<Claims>,
): Promise<Claims> {
  if (typeof token !== 'string' || token.length === 0) throw new VerifyError('token_missing')
  if (token.length > MAX_TOKEN_LENGTH || !compactJws.test(token)) {
    throw new VerifyError('token_malformed')
  }
  kind.checkExpectations?.()

  const joseOptions: JWTVerifyOptions = {
    algorithms: config.algorithms,
    issuer: config.issuer,
    audience: config.audience,
    typ: kind.typ,
    clockTolerance: config.clockToleranceSeconds,
    requiredClaims: [...kind.requiredClaims],
  }
  if (kind.limitsTokenAge) joseOptions.maxTokenAge = config.maxTokenAgeSeconds
  let payload: JWTPayload
  try {
    payload = (await verifyJwt(config.key, token, joseOptions)).payload
  } catch (error) {
    throw fromJoseError(error, config.key.kind === 'jwks')
  }

  const claims = kind.toClaims(payload)
  if (kind.spendsJti) {
    // Only now, with signature and claims good, may the jti be spent: a forged token burns nothing.
    const unseen = await config.replayStore.markUsed(
      claims.jti,
      claims.exp + config.clockToleranceSeconds,
    )
    if (!unseen) throw new VerifyError('token_replayed')
  }
  return claims
}
