// RFC 9068 access tokens from the bridge's OpenID Provider, on an API's side: a JWT typed
// `at+jwt`, signed with the bridge's keys (JWKS), `aud` = the app id. No replay check: an access
// token is presented on every call until it expires.
import type { JWTPayload } from 'jose'
import { resolveOptions } from './resolve-options.js'
import type { VerifyOptions } from './verify-options.js'
import { VerifyError } from './verify-error.js'
import { verifySignedToken, type TokenKind } from './verify-signed-token.js'

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
  const kind = accessToken(config.audience, options.requiredScopes ?? [])
  return async function verifyAccess(token) {
    return verifySignedToken(config, token, kind)
  }
}

/** One-shot form of `createAccessTokenVerifier`. */
export function verifyAccessToken(
  token: string,
  options: AccessTokenOptions,
): Promise<AccessTokenClaims> {
  return createAccessTokenVerifier(options)(token)
}

function accessToken(audience: string, requiredScopes: string[]): TokenKind<AccessTokenClaims> {
  return {
    // Explicit typing: an ID token or a sign-in token can never pass as an access token.
    typ: 'at+jwt',
    requiredClaims: ['iss', 'sub', 'aud', 'exp', 'iat', 'jti', 'client_id'],
    // Presented again on every call until it expires: neither an age limit nor a spent jti.
    limitsTokenAge: false,
    spendsJti: false,
    toClaims(payload) {
      const claims = toAccessTokenClaims(payload, audience)
      if (requiredScopes.some((scope) => !claims.scopes.includes(scope))) {
        throw new VerifyError('claim_invalid', undefined, { claim: 'scope' })
      }
      return claims
    },
  }
}

function toAccessTokenClaims(payload: JWTPayload, audience: string): AccessTokenClaims {
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
    aud: audience,
    client_id: text('client_id'),
    scopes: scope.split(' ').filter(Boolean),
    iat: payload.iat!,
    exp: payload.exp!,
    jti: text('jti'),
  }
}
