/**
 * /admin/api/connections/{id}/scim-tokens: a connection's SCIM bearer tokens. Mounted inside the
 * connections routes, behind their API key check. A token creates and changes that connection's
 * users, so making or revoking one needs `users:write` as well as `connections:write`.
 */
import { Hono } from 'hono'
import { apiKeyActor } from '../../admin/api-keys.js'
import type { AdminServices } from '../../admin/services.js'
import { requireScope, type AdminApiEnv } from './api-auth.js'
import { jsonLimit, MAX_JSON_BYTES, readJson } from './api-input.js'

export function apiScimTokenRoutes(admin: AdminServices) {
  const read = requireScope('connections:read')
  const write = [requireScope('connections:write'), requireScope('users:write')] as const
  const { scimTokens } = admin
  return new Hono<AdminApiEnv>()
    .get('/', read, async (c) =>
      c.json({ scimTokens: await scimTokens.list(c.req.param('id') ?? '') }),
    )
    .post('/', ...write, jsonLimit(MAX_JSON_BYTES), async (c) =>
      c.json(
        await scimTokens.create(
          apiKeyActor(c.get('apiKey')),
          c.req.param('id') ?? '',
          await readJson(c),
        ),
        201,
      ),
    )
    .delete('/:tokenId', ...write, async (c) =>
      c.json({
        scimToken: await scimTokens.revoke(
          apiKeyActor(c.get('apiKey')),
          c.req.param('id') ?? '',
          c.req.param('tokenId'),
        ),
      }),
    )
}
