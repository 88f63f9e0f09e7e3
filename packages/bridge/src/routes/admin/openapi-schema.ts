// The admin API's OpenAPI document speaks JSON Schema: each input schema is converted from zod.
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
