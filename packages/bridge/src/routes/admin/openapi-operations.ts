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
