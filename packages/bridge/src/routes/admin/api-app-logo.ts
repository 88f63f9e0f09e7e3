/**
 * PUT and DELETE /admin/api/apps/{id}/logo: the app's uploaded logo, the image itself as the body
 * with its Content-Type. Mounted before the other app routes, whose 64 KiB JSON limit would refuse
 * it; this one stops reading at 256 KiB.
 */
import { Hono } from 'hono'
import { apiKeyActor } from '../../admin/api-keys.js'
import type { AdminServices } from '../../admin/services.js'
import { MAX_LOGO_BYTES } from '../../domain/brand-logos.js'
import { apiKeyAuth, requireScope, type AdminApiEnv } from './api-auth.js'
import { jsonLimit } from './api-input.js'

export function apiAppLogoRoutes(admin: AdminServices) {
  const write = requireScope('apps:write')
  return new Hono<AdminApiEnv>()
    .use('/:id/logo', apiKeyAuth(admin.deps.storage), jsonLimit(MAX_LOGO_BYTES))
    .put('/:id/logo', write, async (c) => {
      const bytes = new Uint8Array(await c.req.arrayBuffer())
      const app = await admin.logos.upload(
        apiKeyActor(c.get('apiKey')),
        c.req.param('id'),
        bytes,
        c.req.header('Content-Type'),
      )
      return c.json({ app })
    })
    .delete('/:id/logo', write, async (c) =>
      c.json({ app: await admin.logos.remove(apiKeyActor(c.get('apiKey')), c.req.param('id')) }),
    )
}
