/** Public discovery documents. */
import { Hono } from 'hono'
import type { BridgeEnv, BridgeServices } from './env.js'
import { anyPublicClientAllows } from './openid-provider.js'

export function wellKnownRoutes(services: BridgeServices) {
  return new Hono<BridgeEnv>().get('/.well-known/jwks.json', async (c) => {
    c.header('Cache-Control', 'public, max-age=300')
    // Public keys only: any site's backend may fetch them. Browsers may read them from the
    // registered origins of public OpenID Connect clients (single-page apps) only.
    c.header('Vary', 'Origin')
    const origin = c.req.header('Origin')
    if (origin && (await anyPublicClientAllows(services, origin))) {
      c.header('Access-Control-Allow-Origin', origin)
    }
    return c.json(await services.keystore.jwks())
  })
}
