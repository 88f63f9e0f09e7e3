/**
 * GET /sso.js and its content-hashed twin. The plain URL revalidates with its ETag so fixes reach
 * every site quickly; the hashed URL never changes, so it can be cached forever and pinned by SRI.
 */
import { Hono, type Context } from 'hono'
import type { BridgeEnv, BridgeServices } from './env.js'

export function embedScriptRoutes(services: BridgeServices) {
  const { script, etag, hashedPath } = services.embed

  function send(c: Context<BridgeEnv>, cacheControl: string) {
    c.header('Cache-Control', cacheControl)
    c.header('ETag', etag)
    // Needed for <script integrity=… crossorigin> from any site.
    c.header('Access-Control-Allow-Origin', '*')
    c.header('Cross-Origin-Resource-Policy', 'cross-origin')
    if (c.req.header('If-None-Match') === etag) return c.body(null, 304)
    return c.body(script, 200, { 'Content-Type': 'text/javascript; charset=utf-8' })
  }

  return new Hono<BridgeEnv>()
    .get('/sso.js', (c) => send(c, 'public, max-age=300, stale-while-revalidate=86400'))
    .get(hashedPath, (c) => send(c, 'public, max-age=31536000, immutable'))
}
