/** /admin/api/keys and /admin/api/audit (JSON pages, or every match as JSON lines). */
import { Hono } from 'hono'
import { stream } from 'hono/streaming'
import { z } from 'zod'
import { apiKeyActor } from '../../admin/api-keys.js'
import { fieldError } from '../../admin/input.js'
import type { AdminServices } from '../../admin/services.js'
import { auditFilterFields } from '../../admin/audit-filter.js'
import { isAuditCursor, MAX_AUDIT_PAGE } from '../../domain/audit-log.js'
import { apiKeyAuth, requireScope, type AdminApiEnv } from './api-auth.js'
import { jsonLimit, MAX_JSON_BYTES, pageLimit, readApiQuery, readJson } from './api-input.js'

const rotateBody = z.strictObject({
  alg: z.string().max(16),
  activateAfterSeconds: z.number().optional(),
})

const auditQuery = z.strictObject({
  ...auditFilterFields,
  limit: pageLimit(MAX_AUDIT_PAGE).optional(),
  cursor: z.string().refine(isAuditCursor, 'is not a cursor this API handed out').optional(),
})
const exportQuery = z.strictObject(auditFilterFields)

export function apiKeyRoutes(admin: AdminServices) {
  return new Hono<AdminApiEnv>()
    .use(apiKeyAuth(admin.deps.storage), jsonLimit(MAX_JSON_BYTES))
    .get('/', requireScope('keys:read'), async (c) => c.json({ keys: await admin.keys.list() }))
    .post('/rotate', requireScope('keys:write'), async (c) => {
      const body = rotateBody.safeParse(await readJson(c))
      if (!body.success) {
        const issue = body.error.issues[0]
        throw fieldError(String(issue?.path[0] ?? ''), issue?.message ?? 'is not valid')
      }
      const key = await admin.keys.rotate(
        apiKeyActor(c.get('apiKey')),
        body.data.alg,
        body.data.activateAfterSeconds,
      )
      return c.json({ key }, 201)
    })
}

export function apiAuditRoutes(admin: AdminServices) {
  return new Hono<AdminApiEnv>()
    .use(apiKeyAuth(admin.deps.storage), requireScope('audit:read'))
    .get('/', async (c) => {
      const { limit, cursor, ...filter } = readApiQuery(c, auditQuery)
      return c.json(await admin.audit.list(filter, { limit, cursor }))
    })
    .get('/export', async (c) => {
      const filter = readApiQuery(c, exportQuery)
      c.header('Content-Type', 'application/x-ndjson; charset=utf-8')
      c.header('Content-Disposition', 'attachment; filename="ssobridge-audit.jsonl"')
      return stream(c, async (out) => {
        for await (const entry of admin.audit.export(filter))
          await out.write(JSON.stringify(entry) + '\n')
      })
    })
}
