/**
 * Counts the JWTs the OpenID Provider hands out (ID tokens, RFC 9068 access tokens), by the
 * algorithm their header names: read from the token endpoint's answer, so what is counted is
 * what a client received, and only the header is read (no claim, no user).
 */
import { decodeProtectedHeader } from 'jose'
import type { KoaContextWithOIDC } from 'oidc-provider'

type Middleware = (ctx: KoaContextWithOIDC, next: () => Promise<void>) => Promise<void>

// Refresh tokens are opaque handles, not signed: nothing to count.
const SIGNED = ['id_token', 'access_token'] as const

export function countMintedTokens(onMinted: (alg: string) => void): Middleware {
  return async function countOpTokens(ctx, next) {
    await next()
    // Only the code flow is on (responseTypes: code): every token leaves through /oidc/token.
    if (ctx.oidc?.route !== 'token' || ctx.status !== 200) return
    const body = ctx.body as Partial<Record<(typeof SIGNED)[number], unknown>> | undefined
    for (const field of SIGNED) {
      const token = body?.[field]
      if (typeof token !== 'string' || token.split('.').length !== 3) continue
      try {
        const { alg } = decodeProtectedHeader(token)
        if (typeof alg === 'string') onMinted(alg)
      } catch {
        // Not a JWS after all: not one the provider signed.
      }
    }
  }
}
