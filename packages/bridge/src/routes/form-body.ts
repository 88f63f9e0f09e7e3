/**
 * Every form body the bridge accepts is read here, once: urlencoded, or multipart where a form
 * uploads a file. Field names are the sender's: they go into a prototype-free map, so that a
 * field called `constructor`, `__proto__` or `toString` is one more unknown field, not a crash.
 */
import type { Context } from 'hono'
import { BridgeError } from '../errors.js'
import { parameterError } from './parameter-error.js'

/** Field name → its values in the order sent; no prototype, so no inherited names. */
export type FormFields = Record<string, (string | File)[]>

const URLENCODED = /^application\/x-www-form-urlencoded\s*(;|$)/i
const MULTIPART = /^multipart\/form-data\s*;/i

/**
 * NUL is never part of a field, and storage cannot hold it (Postgres text refuses it): any name
 * or value that carries one is malformed input, refused at the edge.
 */
export function assertNoNul(name: string, value: string): void {
  if (name.includes('\0') || value.includes('\0')) {
    throw parameterError('nul_character', name.replace(/\0/g, ''), {
      message: 'form or query field with a NUL character',
    })
  }
}

/**
 * The body as fields. Multipart only with `files: true` (the console's connection form uploads
 * metadata); a broken multipart body is the sender's mistake, refused with a 400.
 */
export async function readFormFields(
  c: Context,
  options: { files?: boolean } = {},
): Promise<FormFields> {
  const type = c.req.header('Content-Type') ?? ''
  const fields: FormFields = Object.create(null) as FormFields
  const add = (name: string, value: string | File) => {
    assertNoNul(name, typeof value === 'string' ? value : '')
    ;(fields[name] ??= []).push(value)
  }
  if (URLENCODED.test(type)) {
    for (const [name, value] of new URLSearchParams(await c.req.text())) add(name, value)
    return fields
  }
  if (options.files && MULTIPART.test(type)) {
    let body: FormData
    try {
      body = await c.req.raw.formData()
    } catch (error) {
      throw new BridgeError('invalid_request', {
        reason: 'form_unreadable',
        message: 'malformed multipart body',
        say: { key: 'error.say.formUnreadable' },
        cause: error,
      })
    }
    body.forEach((value, name) => add(name, value))
    return fields
  }
  throw new BridgeError('invalid_request', { reason: 'not_a_form' })
}
