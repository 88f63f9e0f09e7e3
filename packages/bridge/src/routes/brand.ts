/**
 * GET /brand/<app>.<hash>.css: an app's brand stylesheet (domain/brand-stylesheet.ts). The hash
 * is the sheet's own, so a URL always means the same bytes: cached for a year, immutable. A hash
 * that is not the current one is a 404, never the current sheet under an old name.
 * GET /brand/logo/<app>.<hash>.<ext>: the app's uploaded logo (domain/brand-logos.ts), the same way.
 */
import { Hono, type Context } from 'hono'
import { idPattern } from '../config/common-fields.js'
import { getApp } from '../domain/apps.js'
import { getBrandLogo } from '../domain/brand-logos.js'
import { brandStylesheet, contentHash } from '../domain/brand-stylesheet.js'
import { BridgeError } from '../errors.js'
import type { BridgeEnv, BridgeServices } from './env.js'

export const IMMUTABLE = 'public, max-age=31536000, immutable'
const STYLESHEET = /^([a-z0-9][a-z0-9-]{0,62})\.([A-Za-z0-9_-]{16})\.css$/
const LOGO = /^([a-z0-9][a-z0-9-]{0,62})\.([A-Za-z0-9_-]{16})\.(png|jpg|webp|gif)$/
const logoExtensions = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
  'image/gif': 'gif',
} as const

const unknownAsset = () => new BridgeError('not_found', { reason: 'route_unknown' })

/** The stylesheet or logo is answered whole; the page CSP of HTML does not fit them. */
function asset(c: Context<BridgeEnv>, body: string | Uint8Array, type: string) {
  c.header('Content-Type', type)
  c.header('Cache-Control', IMMUTABLE)
  c.header('X-Content-Type-Options', 'nosniff')
  c.header('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'")
  return c.body(typeof body === 'string' ? body : new Uint8Array(body))
}

export function brandRoutes(services: BridgeServices) {
  return new Hono<BridgeEnv>()
    .get('/brand/:file', async (c) => {
      const match = STYLESHEET.exec(c.req.param('file'))
      const id = match?.[1]
      if (!match || !id || !idPattern.test(id)) throw unknownAsset()
      const app = await getApp(services.storage, id)
      const css = app && brandStylesheet(app.branding)
      if (!css || contentHash(css) !== match[2]) throw unknownAsset()
      return asset(c, css, 'text/css; charset=utf-8')
    })
    .get('/brand/logo/:file', async (c) => {
      const match = LOGO.exec(c.req.param('file'))
      const id = match?.[1]
      if (!match || !id) throw unknownAsset()
      const logo = await getBrandLogo(services.storage, id)
      if (!logo || logo.hash !== match[2] || logoExtensions[logo.contentType] !== match[3])
        throw unknownAsset()
      // The type is the one sniffed at upload; nosniff and the empty CSP keep it an image.
      return asset(c, Buffer.from(logo.data, 'base64'), logo.contentType)
    })
}
