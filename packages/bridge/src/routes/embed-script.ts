/**
 * GET /sso.js and its content-hashed twin. The plain URL revalidates with its ETag so fixes reach
 * every site quickly; the hashed URL never changes, so it can be cached forever and pinned by SRI
 * (which checks the decoded bytes, whatever the coding). Served precompressed: brotli or gzip
 * when the browser takes it, which is what "tiny" means on the wire.
 */
import { Hono, type Context } from 'hono'
import { pickContentCoding } from './content-coding.js'
import type { BridgeEnv, BridgeServices } from './env.js'

export function embedScriptRoutes(services: BridgeServices) {
  const { script, etag, hashedPath, encoded } = services.embed
  // A strong ETag names one representation (RFC 9110 §8.8.3): one per coding.
  const etags = { identity: etag, br: etag.replace(/"$/, '-br"'), gzip: etag.replace(/"$/, '-gz"') }
  const known = new Set(Object.values(etags))

  function send(c: Context<BridgeEnv>, cacheControl: string) {
    const coding = pickContentCoding(c.req.header('Accept-Encoding'))
    c.header('Cache-Control', cacheControl)
    c.header('ETag', etags[coding])
    c.header('Vary', 'Accept-Encoding')
    // Needed for <script integrity=… crossorigin> from any site.
    c.header('Access-Control-Allow-Origin', '*')
    c.header('Cross-Origin-Resource-Policy', 'cross-origin')
    const ifNoneMatch = c.req.header('If-None-Match')
    // Any coding of the same script is still fresh in the cache that asks.
    if (ifNoneMatch?.split(',').some((tag) => known.has(tag.trim().replace(/^W\//, '')))) {
      return c.body(null, 304)
    }
    const type = { 'Content-Type': 'text/javascript; charset=utf-8' }
    if (coding === 'identity') return c.body(script, 200, type)
    return c.body(encoded[coding], 200, { ...type, 'Content-Encoding': coding })
  }

  return new Hono<BridgeEnv>()
    .get('/sso.js', (c) => send(c, 'public, max-age=300, stale-while-revalidate=86400'))
    .get(hashedPath, (c) => send(c, 'public, max-age=31536000, immutable'))
}
