/** JSON bodies and query strings of the admin API: parsed once, refused with field paths. */
import type { Context, MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { z } from 'zod'
import { parseInput } from '../../admin/input.js'
import { BridgeError } from '../../errors.js'
import { parameterError } from '../parameter-error.js'

export const MAX_JSON_BYTES = 64 * 1024
/** Connections may carry a SAML IdP's metadata XML (up to 1 MiB), escaped inside JSON. */
export const MAX_CONNECTION_JSON_BYTES = 1536 * 1024

export const jsonLimit = (maxSize: number): MiddlewareHandler =>
  bodyLimit({
    maxSize,
    onError: () => {
      throw new BridgeError('payload_too_large', {
        reason: 'body_too_large',
        description: `The body is larger than ${Math.round(maxSize / 1024)} KiB.`,
      })
    },
  })

/** The JSON body; `optional` bodies may be empty (actions such as `disable`). */
export async function readJson(c: Context, options: { optional?: boolean } = {}): Promise<unknown> {
  const text = await c.req.text()
  if (text.trim() === '' && options.optional) return undefined
  const type = c.req.header('Content-Type') ?? ''
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new BridgeError('invalid_request', {
      reason: 'not_json',
      description: 'Send a JSON body with Content-Type: application/json.',
    })
  }
  let body: unknown
  try {
    body = JSON.parse(text) as unknown
  } catch {
    throw new BridgeError('invalid_request', {
      reason: 'json_malformed',
      description: 'The body is not valid JSON.',
    })
  }
  if (holdsNul(body)) {
    throw new BridgeError('invalid_request', {
      reason: 'nul_character',
      description: 'The body holds a NUL character (\\u0000), which no field accepts.',
    })
  }
  return body
}

/**
 * True when a key or string anywhere in the value holds U+0000: storage cannot keep it (Postgres
 * refuses it in text and JSON), so it is refused here. A loop, not recursion: JSON.parse accepts
 * nesting deep enough to overflow the stack of a recursive walk.
 */
function holdsNul(value: unknown): boolean {
  const pending = [value]
  while (pending.length > 0) {
    const next = pending.pop()
    if (typeof next === 'string') {
      if (next.includes('\0')) return true
    } else if (next !== null && typeof next === 'object') {
      for (const [key, item] of Object.entries(next)) {
        if (key.includes('\0')) return true
        pending.push(item)
      }
    }
  }
  return false
}

export function readApiQuery<T extends z.ZodType>(c: Context, schema: T): z.output<T> {
  const single: Record<string, string> = {}
  for (const [name, values] of Object.entries(c.req.queries())) {
    if (values.length !== 1) throw parameterError('parameter_repeated', name)
    single[name] = values[0] as string
  }
  return parseInput(schema, single)
}

export const pageLimit = (max: number) =>
  z
    .string()
    .regex(/^\d{1,4}$/, 'must be a number')
    .transform(Number)
    .refine((n) => n >= 1 && n <= max, `must be 1 to ${max}`)
