// RFC 9068 access tokens from the bridge's OpenID Provider, on an API's side: a JWT typed
// `at+jwt`, signed with the bridge's keys (JWKS), `aud` = the app id. No replay check: an access
// token is presented on every call until it expires.
import type { JWTPayload, JWTVerifyOptions } from 'jose'
import { fromJoseError } from './jose-error.js'
import { resolveOptions, type ResolvedOptions } from './resolve-options.js'
import { MAX_TOKEN_LENGTH } from './verifier.js'
import type { VerifyOptions } from './verify-options.js'
import { VerifyError } from './verify-error.js'
import { verifyJwt } from './verify-jwt.js'

export interface AccessTokenClaims {
  iss: string
  /** The user, as this app knows them (the `sub` of its ID tokens). */
  sub: string
  aud: string
  /** The OIDC client the token was issued to. */
  client_id: string
  /** Granted scopes, e.g. `['openid', 'email']`. */
  scopes: string[]
  iat: number
  exp: number
  jti: string
}

export type AccessTokenOptions = Pick<
  VerifyOptions,
  'issuer' | 'audience' | 'jwksUrl' | 'algorithms' | 'clockToleranceSeconds'
> & {
  /** Scopes every token must carry; a token without one fails with `claim_invalid` (`scope`). */
  requiredScopes?: string[]
}

const compactJws = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/

/** Builds an access token verifier for one API (one `audience`). */
export function createAccessTokenVerifier(
  options: AccessTokenOptions,
): (token: string) => Promise<AccessTokenClaims> {
  if (options && 'secret' in options) {
    throw new VerifyError(
      'invalid_options',
      'Access tokens are verified with jwksUrl, never a secret.',
    )
  }
  const config = resolveOptions({
    ...options,
    algorithms: options?.algorithms ?? ['ES256', 'RS256', 'EdDSA'],
  })
  const required = options.requiredScopes ?? []
  return async function verifyAccess(token) {
    const claims = await verifyWith(config, token)
    if (required.some((scope) => !claims.scopes.includes(scope))) {
      throw new VerifyError('claim_invalid', undefined, { claim: 'scope' })
    }
    return claims
  }
}

/** One-shot form of `createAccessTokenVerifier`. */
export function verifyAccessToken(
  token: string,
  options: AccessTokenOptions,
): Promise<AccessTokenClaims> {
  return createAccessTokenVerifier(options)(token)
}

async function verifyWith(config: ResolvedOptions, token: unknown): Promise<AccessTokenClaims> {
  if (typeof token !== 'string' || token.length === 0) throw new VerifyError('token_missing')
  if (token.length > MAX_TOKEN_LENGTH || !compactJws.test(token)) {
    throw new VerifyError('token_malformed')
  }
  const joseOptions: JWTVerifyOptions = {
    algorithms: config.algorithms,
    issuer: config.issuer,
    audience: config.audience,
    // Explicit typing: an ID token or a sign-in token can never pass as an access token.
    typ: 'at+jwt',
    clockTolerance: config.clockToleranceSeconds,
    requiredClaims: ['iss', 'sub', 'aud', 'exp', 'iat', 'jti', 'client_id'],
  }
  let payload: JWTPayload
  try {
    payload = (await verifyJwt(config.key, token, joseOptions)).payload
  } catch (error) {
    throw fromJoseError(error, config.key.kind === 'jwks')
  }
  const text = (name: string) => {
    const value = payload[name]
    if (typeof value !== 'string' || value.length === 0) {
      throw new VerifyError('claim_invalid', undefined, { claim: name })
    }
    return value
  }
  const scope = payload.scope === undefined ? '' : text('scope')
  return {
    iss: text('iss'),
    sub: text('sub'),
    aud: config.audience,
    client_id: text('client_id'),
    scopes: scope.split(' ').filter(Boolean),
    iat: payload.iat!,
    exp: payload.exp!,
    jti: text('jti'),
  }
}
