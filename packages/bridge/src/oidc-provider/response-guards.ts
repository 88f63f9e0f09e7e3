/**
 * What every answer of oidc-provider gets from the bridge, as the bridge's own routes do:
 * HTML pages (the `form_post` page that carries a code, the logout form without an OP session)
 * the bridge's CSP, with oidc-provider's script hash added by itself and form-action opened only
 * to the redirect URI it checked; and CORS on the token and revocation endpoints only for the
 * registered origins of public clients, on errors before client authentication too.
 */
import type { KoaContextWithOIDC } from 'oidc-provider'
import { randomToken } from '../domain/random-token.js'
import { pageCsp, withFormAction } from '../views/content-security-policy.js'
import type { createClientLookup } from './clients.js'

type Middleware = (ctx: KoaContextWithOIDC, next: () => Promise<void>) => Promise<void>

/** Routes whose answers a browser app reads: the client decides which origins may. */
const CLIENT_CORS_ROUTES = new Set(['token', 'revocation'])
/** Routes that answer the client with a `form_post` page to its redirect URI. */
const AUTHORIZATION_ROUTES = new Set(['authorization', 'resume'])

export function responseGuards(clients: ReturnType<typeof createClientLookup>): Middleware {
  return async function opResponseGuards(ctx, next) {
    // Set before oidc-provider renders: its form_post page adds its script's hash to this CSP.
    ctx.set('Content-Security-Policy', pageCsp(randomToken(16)))
    await next()
    const { oidc } = ctx
    if (ctx.response.is('html')) {
      const redirectUri = oidc?.params?.redirect_uri
      if (
        AUTHORIZATION_ROUTES.has(oidc?.route ?? '') &&
        typeof redirectUri === 'string' &&
        oidc?.client?.redirectUris?.includes(redirectUri)
      ) {
        const csp = ctx.response.get('Content-Security-Policy')
        ctx.set('Content-Security-Policy', withFormAction(csp, [new URL(redirectUri).origin]))
      }
      if (!ctx.response.get('Cache-Control')) ctx.set('Cache-Control', 'no-store')
    }
    // oidc-provider allows any Origin until it knows the client, so errors before client
    // authentication (unknown client, bad body) would be readable by any site.
    const origin = ctx.get('Origin')
    if (ctx.method !== 'OPTIONS' && origin && CLIENT_CORS_ROUTES.has(oidc?.route ?? '')) {
      const clientId = oidc?.client?.clientId
      if (!clientId || !clients.policy(clientId)?.corsOrigins.has(origin)) {
        ctx.remove('Access-Control-Allow-Origin')
        ctx.remove('Access-Control-Expose-Headers')
      }
    }
  }
}
