/** Public discovery documents. */
import { Hono } from 'hono'
import type { BridgeEnv, BridgeServices } from './env.js'

export function wellKnownRoutes(services: BridgeServices) {
  return new Hono<BridgeEnv>().get('/.well-known/jwks.json', async (c) => {
    c.header('Cache-Control', 'public, max-age=300')
    // Public keys only; any site's backend or browser may fetch them.
    c.header('Access-Control-Allow-Origin', '*')
    return c.json(await services.keystore.jwks())
  })
}
