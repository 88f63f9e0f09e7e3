/** Small pieces shared by the console's route groups. */
import type { Context } from 'hono'
import { isAdminInputError, type FieldIssue } from '../../admin/input.js'
import { isBridgeError } from '../../errors.js'
import type { ConsoleEnv } from './console-session.js'

const flashes = {
  created: 'Created.',
  saved: 'Saved.',
  unchanged: 'Nothing changed.',
  deleted: 'Deleted.',
  disabled: 'Disabled.',
  enabled: 'Enabled.',
  rotated: 'Rotation scheduled: the new key is published now.',
  revoked: 'Revoked.',
} as const
export type Flash = keyof typeof flashes

/** A message from a fixed list, picked by `?done=`: no text from the URL reaches the page. */
export const flashOf = (c: Context) => {
  const done = c.req.query('done')
  return done && done in flashes ? flashes[done as Flash] : undefined
}

export const done = (c: Context, path: string, flash: Flash) =>
  c.redirect(`${path}?done=${flash}`, 303)

export interface Refusal {
  status: 400 | 403 | 404 | 409 | 413
  errors: FieldIssue[]
  message?: string
}

/** Input errors and conflicts are shown on the form again; anything else goes up. */
export function refusalOf(error: unknown): Refusal {
  if (isAdminInputError(error)) return { status: 400, errors: error.issues }
  if (isBridgeError(error) && (error.code === 'conflict' || error.code === 'not_found')) {
    return { status: error.code === 'conflict' ? 409 : 404, errors: [], message: error.description }
  }
  if (isBridgeError(error) && error.code === 'reauthentication_required')
    return { status: 403, errors: [], message: error.description }
  throw error
}

/** Lines of a textarea, or words of a field separated by spaces or commas. */
export const lines = (value: string | undefined) =>
  (value ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
export const words = (value: string | undefined) =>
  (value ?? '')
    .split(/[\s,]+/)
    .map((w) => w.trim())
    .filter(Boolean)

export type ConsoleContext = Context<ConsoleEnv>
