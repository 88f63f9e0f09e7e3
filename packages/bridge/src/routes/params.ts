/** Reads query and form input through a zod schema: once, at the edge, with clear errors. */
import type { Context } from 'hono'
import { z } from 'zod'
import { assertNoNul, readFormFields } from './form-body.js'
import { parameterError, type ParameterReason } from './parameter-error.js'

export const MAX_PARAMETER_BYTES = 4096

function reasonOf(issue: z.core.$ZodIssue): ParameterReason {
  if (issue.code === 'invalid_type' && issue.input === undefined) return 'parameter_missing'
  if (issue.code === 'too_big') return 'parameter_too_long'
  return 'parameter_invalid'
}

/**
 * An id the bridge issued itself and gets back (`tx`, `r`, an upstream `state`): printable ASCII
 * only, so a control character is malformed input here, never a key looked up in storage.
 */
export const opaqueId = (max = 64) =>
  z
    .string()
    .min(1)
    .max(max)
    .regex(/^[\x21-\x7e]+$/)

function parse<T extends z.ZodType>(
  schema: T,
  raw: Record<string, (string | File)[]>,
): z.output<T> {
  // No prototype: a parameter named `__proto__` or `constructor` is just an unknown parameter.
  const single: Record<string, string> = Object.create(null) as Record<string, string>
  for (const [name, values] of Object.entries(raw)) {
    // A repeated parameter is ambiguous; OAuth says refuse rather than pick one.
    if (values.length !== 1) throw parameterError('parameter_repeated', name)
    const value = values[0]
    if (typeof value !== 'string') throw parameterError('parameter_invalid', name)
    assertNoNul(name, value)
    single[name] = value
  }
  const result = schema.safeParse(single)
  if (!result.success) {
    const issue = result.error.issues[0] as z.core.$ZodIssue
    const name = String(issue.path[0] ?? 'request')
    throw parameterError(reasonOf(issue), name, { message: `bad parameter ${name}` })
  }
  return result.data
}

export const readQuery = <T extends z.ZodType>(c: Context, schema: T) =>
  parse(schema, c.req.queries())

/** A urlencoded form through a zod schema (multipart is refused: no bridge form uploads). */
export async function readForm<T extends z.ZodType>(c: Context, schema: T): Promise<z.output<T>> {
  return parse(schema, await readFormFields(c))
}
