/** /admin/api/users */
import { Hono } from 'hono'
import { z } from 'zod'
import { apiKeyActor } from '../../admin/api-keys.js'
import { fieldError } from '../../admin/input.js'
import type { AdminServices } from '../../admin/services.js'
import { apiKeyAuth, requireScope, type AdminApiEnv } from './api-auth.js'
import { jsonLimit, MAX_JSON_BYTES, pageLimit, readApiQuery, readJson } from './api-input.js'

const listQuery = z.strictObject({
  connection: z.string().max(64).optional(),
  q: z.string().max(254).optional(),
  limit: pageLimit(500).optional(),
  cursor: z.string().max(64).optional(),
})

const passwordBody = z.strictObject({ password: z.string().optional() }).optional()

export function apiUserRoutes(admin: AdminServices) {
  const read = requireScope('users:read')
  const write = requireScope('users:write')
  const { users } = admin
  return (
    new Hono<AdminApiEnv>()
      .use(apiKeyAuth(admin.deps.storage), jsonLimit(MAX_JSON_BYTES))
      .get('/', read, async (c) => {
        const { limit, cursor, ...filter } = readApiQuery(c, listQuery)
        return c.json(await users.list(filter, { limit, cursor }))
      })
      .post('/', write, async (c) =>
        c.json(await users.create(apiKeyActor(c.get('apiKey')), await readJson(c)), 201),
      )
      .get('/:id', read, async (c) => c.json({ user: await users.get(c.req.param('id')) }))
      .patch('/:id', write, async (c) =>
        c.json({
          user: await users.update(
            apiKeyActor(c.get('apiKey')),
            c.req.param('id'),
            await readJson(c),
          ),
        }),
      )
      .delete('/:id', write, async (c) => {
        await users.delete(apiKeyActor(c.get('apiKey')), c.req.param('id'))
        return c.body(null, 204)
      })
      .get('/:id/sessions', read, async (c) =>
        c.json({ sessions: await admin.userSessions.list(c.req.param('id')) }),
      )
      .delete('/:id/sessions', write, async (c) =>
        c.json(
          await admin.userSessions.endAll(
            apiKeyActor(c.get('apiKey')),
            c.req.param('id'),
            c.get('requestId'),
          ),
        ),
      )
      .delete('/:id/sessions/:sid', write, async (c) => {
        await admin.userSessions.end(
          apiKeyActor(c.get('apiKey')),
          c.req.param('id'),
          c.req.param('sid'),
          c.get('requestId'),
        )
        return c.body(null, 204)
      })
      .post('/:id/disable', write, async (c) =>
        c.json({
          user: await users.setDisabled(apiKeyActor(c.get('apiKey')), c.req.param('id'), true),
        }),
      )
      .post('/:id/enable', write, async (c) =>
        c.json({
          user: await users.setDisabled(apiKeyActor(c.get('apiKey')), c.req.param('id'), false),
        }),
      )
      .post('/:id/mfa/reset', write, async (c) =>
        c.json({ user: await users.resetMfa(apiKeyActor(c.get('apiKey')), c.req.param('id')) }),
      )
      // The member emails: queued, not sent, so 202; the outbox and the audit log say how it went.
      .post('/:id/verification-email', write, async (c) =>
        c.json(await users.sendVerification(apiKeyActor(c.get('apiKey')), c.req.param('id')), 202),
      )
      .post('/:id/password-reset-email', write, async (c) =>
        c.json(await users.sendPasswordReset(apiKeyActor(c.get('apiKey')), c.req.param('id')), 202),
      )
      .post('/:id/password', write, async (c) => {
        const parsed = passwordBody.safeParse(await readJson(c, { optional: true }))
        if (!parsed.success) throw fieldError('password', 'must be a string (or leave it out)')
        return c.json(
          await users.resetPassword(
            apiKeyActor(c.get('apiKey')),
            c.req.param('id'),
            parsed.data?.password,
          ),
        )
      })
  )
}
