/**
 * UserInfo of the OpenID Provider, served by the bridge itself: oidc-provider refuses access
 * tokens with an audience there, and the bridge's access tokens are RFC 9068 JWTs for the app.
 * The token is verified against the bridge's own keys and must still be live (not revoked with
 * its grant); claims are released by the token's scopes.
 */
import { Hono, type Context } from 'hono'
import { createLocalJWKSet, jwtVerify, type JWTPayload } from 'jose'
import { getApp } from '../domain/apps.js'
import { getUser } from '../domain/users.js'
import { clientCorsOrigins } from '../oidc-provider/clients.js'
import { OP_ROUTES, profileClaims } from '../oidc-provider/configuration.js'
import type { BridgeEnv, BridgeServices } from './env.js'
import { anyPublicClientAllows } from './openid-provider.js'
import { tokenErrorHandler } from './token.js'

const SCOPE_CLAIMS: Record<string, string[]> = {
  email: ['email', 'email_verified'],
  profile: ['name', 'given_name', 'family_name', 'picture'],
  groups: ['groups'],
}

type AccessToken = JWTPayload & { client_id?: string; scope?: string; jti?: string }

export function openIdUserInfoRoutes(services: BridgeServices) {
  const { storage, settings, keystore, openIdProvider } = services

  function refuse(c: Context<BridgeEnv>, status: 401 | 403, error?: string, description?: string) {
    const realm = `Bearer realm="${settings.issuer}"`
    c.header(
      'WWW-Authenticate',
      error ? `${realm}, error="${error}", error_description="${description}"` : realm,
    )
    c.header('Cache-Control', 'no-store')
    return error ? c.json({ error, error_description: description }, status) : c.body(null, status)
  }

  async function verify(token: string): Promise<AccessToken | undefined> {
    // Outside the try: keys that cannot be read are a 503 to retry, not a token to throw away.
    const keys = createLocalJWKSet(await keystore.jwks())
    try {
      const { payload } = await jwtVerify<AccessToken>(token, keys, {
        issuer: settings.issuer,
        typ: 'at+jwt',
        algorithms: ['ES256', 'RS256', 'EdDSA'],
      })
      return payload
    } catch {
      return undefined
    }
  }

  async function userInfo(c: Context<BridgeEnv>) {
    const header = c.req.header('Authorization') ?? ''
    const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/i.exec(header)
    if (!match?.[1]) return refuse(c, 401)
    const invalid = () => refuse(c, 401, 'invalid_token', 'The access token is invalid or expired.')
    const token = await verify(match[1])
    if (!token?.jti || !token.client_id || token.aud !== token.client_id) return invalid()
    // Revoked with its grant (a code used twice), or expired.
    const record = await openIdProvider.store.jwtAccessToken(token.jti)
    if (!record?.accountId) return invalid()
    const app = await getApp(storage, token.client_id)
    if (!app?.oidc) return invalid()
    const origin = c.req.header('Origin')
    if (origin && clientCorsOrigins(app).has(origin)) {
      c.header('Access-Control-Allow-Origin', origin)
      c.header('Vary', 'Origin')
    }
    const scopes = new Set((token.scope ?? '').split(' '))
    if (!scopes.has('openid')) {
      return refuse(c, 403, 'insufficient_scope', 'The access token lacks the openid scope.')
    }
    const user = await getUser(storage, record.accountId)
    if (!user || user.disabled) return invalid()
    const profile: Record<string, unknown> = profileClaims(user)
    const claims: Record<string, unknown> = { sub: token.sub }
    for (const [scope, names] of Object.entries(SCOPE_CLAIMS)) {
      if (!scopes.has(scope)) continue
      for (const name of names) if (profile[name] !== undefined) claims[name] = profile[name]
    }
    c.header('Cache-Control', 'no-store')
    return c.json(claims)
  }

  return new Hono<BridgeEnv>()
    .onError(tokenErrorHandler(services.logger))
    .options(OP_ROUTES.userinfo, async (c) => {
      const origin = c.req.header('Origin')
      if (origin && (await anyPublicClientAllows(services, origin))) {
        c.header('Access-Control-Allow-Origin', origin)
        c.header('Vary', 'Origin')
        c.header('Access-Control-Allow-Methods', 'GET, POST')
        c.header('Access-Control-Allow-Headers', 'Authorization')
        c.header('Access-Control-Max-Age', '600')
      }
      return c.body(null, 204)
    })
    .on(['GET', 'POST'], OP_ROUTES.userinfo, userInfo)
}
