// Building blocks of the admin API's OpenAPI document: JSON Schema from zod, operations, parameters.
import { z } from 'zod'

export type Json = Record<string, unknown>

/** JSON Schema of an input, with fields the API fills in itself made optional. */
export function inputSchema(schema: z.ZodType, optional: string[]): Json {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Json
  delete json.$schema
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk)
    if (!node || typeof node !== 'object') return
    const record = node as Json
    if (Array.isArray(record.required))
      record.required = record.required.filter((name) => !optional.includes(name as string))
    Object.values(record).forEach(walk)
  }
  walk(json)
  return json
}

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
