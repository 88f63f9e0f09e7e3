/** Reads query and form input through a zod schema: once, at the edge, with clear errors. */
import type { Context } from 'hono'
import type { z } from 'zod'
import { BridgeError } from '../errors.js'

export const MAX_PARAMETER_BYTES = 4096

function describe(issue: z.core.$ZodIssue): string {
  const name = String(issue.path[0] ?? 'request')
  if (issue.code === 'invalid_type' && issue.input === undefined)
    return `The parameter "${name}" is missing.`
  if (issue.code === 'too_big') return `The parameter "${name}" is too long.`
  return `The parameter "${name}" is not valid.`
}

function parse<T extends z.ZodType>(schema: T, raw: Record<string, string[]>): z.output<T> {
  const single: Record<string, string> = {}
  for (const [name, values] of Object.entries(raw)) {
    // A repeated parameter is ambiguous; OAuth says refuse rather than pick one.
    if (values.length !== 1) {
      throw new BridgeError('invalid_request', {
        description: `The parameter "${name}" is repeated.`,
      })
    }
    single[name] = values[0] as string
  }
  const result = schema.safeParse(single)
  if (!result.success) {
    const issue = result.error.issues[0] as z.core.$ZodIssue
    throw new BridgeError('invalid_request', {
      message: `bad parameter ${String(issue.path[0])}`,
      description: describe(issue),
    })
  }
  return result.data
}

export const readQuery = <T extends z.ZodType>(c: Context, schema: T) =>
  parse(schema, c.req.queries())

export async function readForm<T extends z.ZodType>(c: Context, schema: T): Promise<z.output<T>> {
  const type = c.req.header('Content-Type') ?? ''
  if (!type.startsWith('application/x-www-form-urlencoded')) {
    throw new BridgeError('invalid_request', { description: 'Expected a form submission.' })
  }
  const body = new URLSearchParams(await c.req.text())
  const raw: Record<string, string[]> = {}
  for (const [name, value] of body) (raw[name] ??= []).push(value)
  return parse(schema, raw)
}
