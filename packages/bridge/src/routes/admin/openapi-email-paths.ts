// The email paths of the admin API's OpenAPI document: the member emails in the outbox, retry now.
import { emailStates, MAX_EMAIL_PAGE } from '../../admin/email-deliveries.js'
import { ok, op, query, ref } from './openapi-operations.js'
import type { Json } from './openapi-schema.js'

export function emailPaths(): Record<string, Json> {
  return {
    '/emails': {
      get: op(
        'users:read',
        "The member emails in the outbox, newest first: pending, sent (`delivered`) and failed, with the template and the recipient's domain (never the address or the body)",
        ok('A page', {
          type: 'object',
          required: ['emails'],
          properties: {
            emails: { type: 'array', items: ref('EmailDelivery') },
            nextCursor: { type: 'string' },
          },
        }),
        {
          parameters: [
            query('state', 'Only emails in this state', { enum: [...emailStates] }),
            query('connection', "Only emails to this connection's members"),
            query('limit', `1-${MAX_EMAIL_PAGE}, default 50`),
            query('cursor', '`nextCursor` of the previous page'),
          ],
        },
      ),
    },
    '/emails/{id}/retry': {
      parameters: [
        {
          name: 'id',
          in: 'path',
          required: true,
          description: "The email's id",
          schema: { type: 'string', maxLength: 64 },
        },
      ],
      post: op(
        'users:write',
        "Retry a pending or failed email now, trying again for a full window (1 h); the workers' next poll sends it. A sent one answers 409",
        ok('Queued', {
          type: 'object',
          required: ['email'],
          properties: { email: ref('EmailDelivery') },
        }),
        {},
        [401, 403, 404, 409],
      ),
    },
  }
}
