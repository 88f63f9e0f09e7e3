/** /admin/api/connections, with the OIDC discovery check. */
import { Hono } from 'hono'
import type { Context } from 'hono'
import { apiKeyActor, hasScope } from '../../admin/api-keys.js'
import { allowIdentityChange, type ConnectionWriteOptions } from '../../admin/connections.js'
import type { AdminServices } from '../../admin/services.js'
import { apiKeyAuth, requireScope, type AdminApiEnv } from './api-auth.js'
import { apiScimTokenRoutes } from './api-scim-tokens.js'
import { jsonLimit, MAX_CONNECTION_JSON_BYTES, MAX_JSON_BYTES, readJson } from './api-input.js'

/**
 * Email linking and trust, and the IdP of a connection with users, decide who an identity is;
 * dangerouslyAllowPrivateNetwork lets the bridge's requests into private networks. Turning those
 * on or changing them, `connections:write` (or `apps:write`) is not enough: the key needs `admin`
 * (without it the service refuses with insufficient_scope).
 */
export const writeOptions = (c: Context<AdminApiEnv>): ConnectionWriteOptions =>
  hasScope(c.get('apiKey').scopes, 'admin') ? { identityChange: allowIdentityChange } : {}

export function apiConnectionRoutes(admin: AdminServices) {
  const read = requireScope('connections:read')
  const write = requireScope('connections:write')
  const { connections } = admin
  return (
    new Hono<AdminApiEnv>()
      .use(apiKeyAuth(admin.deps.storage), jsonLimit(MAX_CONNECTION_JSON_BYTES))
      .get('/', read, async (c) => c.json({ connections: await connections.list() }))
      .post('/', write, async (c) =>
        c.json(
          await connections.create(
            apiKeyActor(c.get('apiKey')),
            await readJson(c),
            writeOptions(c),
          ),
          201,
        ),
      )
      // Discovery makes the bridge fetch a URL it was given: a write scope, a small body.
      .post('/check', write, jsonLimit(MAX_JSON_BYTES), async (c) =>
        c.json(await connections.checkIssuer(await readJson(c), writeOptions(c))),
      )
      .get('/:id', read, async (c) => {
        const id = c.req.param('id')
        const connection = await connections.get(id)
        return c.json({
          connection,
          values: await connections.values(id),
          usedBy: await connections.usedBy(id),
          // Only a key that may write makes the bridge fetch a metadata URL; a read key sees
          // inline metadata only.
          samlMetadata: await connections
            .samlMetadata(id, { fetch: hasScope(c.get('apiKey').scopes, 'connections:write') })
            .catch(() => undefined),
        })
      })
      .put('/:id', write, async (c) =>
        c.json(
          await connections.replace(
            apiKeyActor(c.get('apiKey')),
            c.req.param('id'),
            await readJson(c),
            writeOptions(c),
          ),
        ),
      )
      .patch('/:id', write, async (c) =>
        c.json(
          await connections.update(
            apiKeyActor(c.get('apiKey')),
            c.req.param('id'),
            await readJson(c),
            writeOptions(c),
          ),
        ),
      )
      .delete('/:id', write, async (c) => {
        await connections.remove(apiKeyActor(c.get('apiKey')), c.req.param('id'))
        return c.body(null, 204)
      })
      .post('/:id/check', write, async (c) => c.json(await connections.check(c.req.param('id'))))
      .route('/:id/scim-tokens', apiScimTokenRoutes(admin))
  )
}
