/** /admin/api/apps */
import { Hono } from 'hono'
import { z } from 'zod'
import {
  deliveryStates,
  isDeliveryCursor,
  MAX_DELIVERY_PAGE,
} from '../../admin/backchannel-deliveries.js'
import { apiKeyActor } from '../../admin/api-keys.js'
import type { AdminServices } from '../../admin/services.js'
import { apiKeyAuth, requireScope, type AdminApiEnv } from './api-auth.js'
import { writeOptions } from './api-connections.js'
import { jsonLimit, MAX_JSON_BYTES, pageLimit, readApiQuery, readJson } from './api-input.js'

/** The query of a delivery log: back-channel logouts and webhooks alike. */
export const deliveryQuery = z.strictObject({
  state: z.enum(deliveryStates).optional(),
  cursor: z.string().refine(isDeliveryCursor, 'is not a cursor this API handed out').optional(),
  limit: pageLimit(MAX_DELIVERY_PAGE).optional(),
})

export function apiAppRoutes(admin: AdminServices) {
  const read = requireScope('apps:read')
  const write = requireScope('apps:write')
  return new Hono<AdminApiEnv>()
    .use(apiKeyAuth(admin.deps.storage), jsonLimit(MAX_JSON_BYTES))
    .get('/', read, async (c) => c.json({ apps: await admin.apps.list() }))
    .post('/', write, async (c) => {
      const saved = await admin.apps.create(
        apiKeyActor(c.get('apiKey')),
        await readJson(c),
        writeOptions(c),
      )
      return c.json(saved, 201)
    })
    .get('/:id', read, async (c) => {
      const app = await admin.apps.get(c.req.param('id'))
      return c.json({
        app,
        snippet: admin.apps.snippet(app),
        ...(await admin.apps.platformSetup(app)),
      })
    })
    .put('/:id', write, async (c) =>
      c.json(
        await admin.apps.replace(
          apiKeyActor(c.get('apiKey')),
          c.req.param('id'),
          await readJson(c),
          writeOptions(c),
        ),
      ),
    )
    .patch('/:id', write, async (c) =>
      c.json(
        await admin.apps.update(
          apiKeyActor(c.get('apiKey')),
          c.req.param('id'),
          await readJson(c),
          writeOptions(c),
        ),
      ),
    )
    .delete('/:id', write, async (c) => {
      await admin.apps.remove(apiKeyActor(c.get('apiKey')), c.req.param('id'))
      return c.body(null, 204)
    })
    .get('/:id/backchannel-deliveries', read, async (c) =>
      c.json(await admin.deliveries.list(c.req.param('id'), readApiQuery(c, deliveryQuery))),
    )
    .post('/:id/backchannel-deliveries/:delivery/retry', write, async (c) => {
      const delivery = await admin.deliveries.retry(
        apiKeyActor(c.get('apiKey')),
        c.req.param('id'),
        c.req.param('delivery'),
      )
      return c.json({ delivery })
    })
    .post('/:id/secret', write, async (c) =>
      c.json(
        await admin.apps.regenerateSecret(
          apiKeyActor(c.get('apiKey')),
          c.req.param('id'),
          await readJson(c, { optional: true }),
        ),
      ),
    )
    .post('/:id/check', write, async (c) =>
      c.json(
        await admin.platformCheck.run(
          apiKeyActor(c.get('apiKey')),
          c.req.param('id'),
          await readJson(c, { optional: true }),
        ),
      ),
    )
}
