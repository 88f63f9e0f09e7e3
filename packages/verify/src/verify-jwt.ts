// Checks a JWT's signature and claims with the resolved key: the JWKS, or each HS256 secret in turn.
import { errors, jwtVerify, type JWTVerifyOptions, type JWTVerifyResult } from 'jose'
import type { ResolvedOptions } from './resolve-options.js'

/**
 * During an HS256 secret rotation a site holds two secrets. A signature that fails with one is
 * tried with the next; any other failure (expiry, audience…) is the token's, and ends the search.
 */
export async function verifyJwt(
  key: ResolvedOptions['key'],
  token: string,
  options: JWTVerifyOptions,
): Promise<JWTVerifyResult> {
  if (key.kind === 'jwks') return jwtVerify(token, key.getKey, options)
  for (let i = 0; ; i++) {
    try {
      return await jwtVerify(token, key.secrets[i]!, options)
    } catch (error) {
      const last = i === key.secrets.length - 1
      if (last || !(error instanceof errors.JWSSignatureVerificationFailed)) throw error
    }
  }
}
