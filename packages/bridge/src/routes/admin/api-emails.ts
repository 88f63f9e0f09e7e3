/**
 * /admin/api/emails: the member emails in the outbox, and retry now. Under the users scopes: the
 * emails are the members' (verification, reset, sign-in codes), and the retry is an action taken
 * for a member, as sending one from /users/{id} is (users:write includes reading).
 */
import { Hono } from 'hono'
import { z } from 'zod'
import { apiKeyActor } from '../../admin/api-keys.js'
import { emailStates, isEmailCursor, MAX_EMAIL_PAGE } from '../../admin/email-deliveries.js'
import type { AdminServices } from '../../admin/services.js'
import { idPattern } from '../../config/common-fields.js'
import { apiKeyAuth, requireScope, type AdminApiEnv } from './api-auth.js'
import { jsonLimit, MAX_JSON_BYTES, pageLimit, readApiQuery } from './api-input.js'

const emailQuery = z.strictObject({
  state: z.enum(emailStates).optional(),
  connection: z.string().regex(idPattern, 'is not a connection id').optional(),
  cursor: z.string().refine(isEmailCursor, 'is not a cursor this API handed out').optional(),
  limit: pageLimit(MAX_EMAIL_PAGE).optional(),
})

export function apiEmailRoutes(admin: AdminServices) {
  return new Hono<AdminApiEnv>()
    .use(apiKeyAuth(admin.deps.storage), jsonLimit(MAX_JSON_BYTES))
    .get('/', requireScope('users:read'), async (c) =>
      c.json(await admin.emails.list(readApiQuery(c, emailQuery))),
    )
    .post('/:id/retry', requireScope('users:write'), async (c) => {
      const email = await admin.emails.retry(apiKeyActor(c.get('apiKey')), c.req.param('id'))
      return c.json({ email })
    })
}
