// Building blocks of the admin API's OpenAPI operations: bodies, responses, parameters, scopes.
import type { Json } from './openapi-schema.js'

export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` })
export const json = (schema: Json) => ({ content: { 'application/json': { schema } } })
export const errors = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((s) => [String(s), { $ref: `#/components/responses/E${s}` }]))
export const body = (schema: Json, required = true) => ({ required, ...json(schema) })
export const ok = (description: string, schema: Json, status = 200) => ({
  [status]: { description, ...json(schema) },
})
export const idParam = (what: string) => ({
  name: 'id',
  in: 'path',
  required: true,
  description: `The ${what}'s id`,
  schema: { type: 'string', maxLength: 64 },
})

export function op(
  scope: string,
  summary: string,
  responses: Json,
  extra: Json = {},
  errorStatuses = [400, 401, 403],
): Json {
  return {
    summary,
    security: [{ apiKey: [scope] }],
    'x-scope': scope,
    ...extra,
    responses: { ...responses, ...errors(...errorStatuses) },
  }
}

export const query = (name: string, description: string, schema: Json = { type: 'string' }) => ({
  name,
  in: 'query',
  required: false,
  description,
  schema,
})

/** How an outbox entry's attempts went: the properties every delivery log shows. */
export const attemptProperties = (notes: {
  createdAt: string
  lastStatus: string
  lastError: string
  deliveredAt?: string
}): Json => ({
  state: { enum: ['pending', 'delivered', 'failed'] },
  attempts: { type: 'integer' },
  createdAt: { type: 'integer', description: notes.createdAt },
  nextAttemptAt: { type: 'integer', description: 'Epoch ms (pending only)' },
  giveUpAt: { type: 'integer', description: 'Epoch ms: no attempt after this' },
  lastAttemptAt: { type: 'integer' },
  lastStatus: { type: 'integer', description: notes.lastStatus },
  lastError: { type: 'string', description: notes.lastError },
  deliveredAt: notes.deliveredAt
    ? { type: 'integer', description: notes.deliveredAt }
    : { type: 'integer' },
})

/** A delivery's id in a path. */
export const deliveryParam = {
  name: 'delivery',
  in: 'path',
  required: true,
  description: "The delivery's id",
  schema: { type: 'string', maxLength: 64 },
}

/** `GET` of an app's delivery log: a page of `item`, by state, newest first. */
export const deliveryLog = (summary: string, item: Json, states: readonly string[], max: number) =>
  op(
    'apps:read',
    summary,
    ok('A page', {
      type: 'object',
      required: ['deliveries'],
      properties: { deliveries: { type: 'array', items: item }, nextCursor: { type: 'string' } },
    }),
    {
      parameters: [
        query('state', 'Only deliveries in this state', { enum: [...states] }),
        query('limit', `1-${max}, default 50`),
        query('cursor', '`nextCursor` of the previous page'),
      ],
    },
    [400, 401, 403, 404],
  )
