/**
 * /admin/api/apps/{id}/webhooks and /admin/api/apps/{id}/webhook-deliveries: an app's webhook
 * endpoints (the secret in the answer of a create or a rotation only) and its delivery log with
 * replay. Mounted before the other app routes, with a body limit of its own.
 */
import { Hono } from 'hono'
import { apiKeyActor } from '../../admin/api-keys.js'
import type { AdminServices } from '../../admin/services.js'
import { apiKeyAuth, requireScope, type AdminApiEnv } from './api-auth.js'
import { writeOptions } from './api-connections.js'
import { deliveryQuery } from './api-apps.js'
import { jsonLimit, readApiQuery, readJson } from './api-input.js'

/** An endpoint is a URL, a few event names and two flags: 16 KiB is ample. */
export const MAX_WEBHOOK_JSON_BYTES = 16 * 1024

export function apiWebhookRoutes(admin: AdminServices) {
  const read = requireScope('apps:read')
  const write = requireScope('apps:write')
  const guard = [apiKeyAuth(admin.deps.storage), jsonLimit(MAX_WEBHOOK_JSON_BYTES)] as const
  const { webhooks, webhookDeliveries: deliveries } = admin
  return new Hono<AdminApiEnv>()
    .use('/:id/webhooks', ...guard)
    .use('/:id/webhooks/*', ...guard)
    .use('/:id/webhook-deliveries', ...guard)
    .use('/:id/webhook-deliveries/*', ...guard)
    .get('/:id/webhooks', read, async (c) =>
      c.json({ webhooks: await webhooks.list(c.req.param('id')) }),
    )
    .post('/:id/webhooks', write, async (c) => {
      const saved = await webhooks.create(
        apiKeyActor(c.get('apiKey')),
        c.req.param('id'),
        await readJson(c),
        writeOptions(c),
      )
      return c.json(saved, 201)
    })
    .get('/:id/webhooks/:endpoint', read, async (c) =>
      c.json({ webhook: await webhooks.get(c.req.param('id'), c.req.param('endpoint')) }),
    )
    .patch('/:id/webhooks/:endpoint', write, async (c) =>
      c.json(
        await webhooks.update(
          apiKeyActor(c.get('apiKey')),
          c.req.param('id'),
          c.req.param('endpoint'),
          await readJson(c),
          writeOptions(c),
        ),
      ),
    )
    .delete('/:id/webhooks/:endpoint', write, async (c) => {
      await webhooks.remove(
        apiKeyActor(c.get('apiKey')),
        c.req.param('id'),
        c.req.param('endpoint'),
      )
      return c.body(null, 204)
    })
    .post('/:id/webhooks/:endpoint/rotate-secret', write, async (c) =>
      c.json(
        await webhooks.rotateSecret(
          apiKeyActor(c.get('apiKey')),
          c.req.param('id'),
          c.req.param('endpoint'),
          await readJson(c, { optional: true }),
        ),
      ),
    )
    .get('/:id/webhook-deliveries', read, async (c) =>
      c.json(await deliveries.list(c.req.param('id'), readApiQuery(c, deliveryQuery))),
    )
    .post('/:id/webhook-deliveries/:delivery/replay', write, async (c) => {
      const delivery = await deliveries.replay(
        apiKeyActor(c.get('apiKey')),
        c.req.param('id'),
        c.req.param('delivery'),
      )
      return c.json({ delivery })
    })
}
