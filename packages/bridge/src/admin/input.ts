/**
 * Admin input is validated once, with the config file's own schemas, and refused with the path
 * of every bad field: the API answers them in `error_description`, the console next to each field.
 */
import type { z } from 'zod'
import { formatIssues } from '../config/load-config.js'
import { BridgeError } from '../errors.js'

export interface FieldIssue {
  /** `callbackUrls[0]`, `signing.secret`…; empty for the input as a whole. */
  path: string
  message: string
}

export class AdminInputError extends BridgeError {
  readonly issues: FieldIssue[]
  constructor(issues: FieldIssue[]) {
    super('invalid_request', {
      message: `invalid admin input: ${issues.map((i) => i.path || '(root)').join(', ')}`,
      description: issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; '),
    })
    this.issues = issues
  }
}

export const isAdminInputError = (error: unknown): error is AdminInputError =>
  error instanceof AdminInputError

export const fieldError = (path: string, message: string) =>
  new AdminInputError([{ path, message }])

export function parseInput<T extends z.ZodType>(schema: T, raw: unknown): z.output<T> {
  const result = schema.safeParse(raw)
  if (result.success) return result.data
  throw new AdminInputError(
    formatIssues(result.error.issues).map((line) => {
      const at = line.indexOf(': ')
      const path = line.slice(0, at)
      return { path: path === '(root)' ? '' : path, message: line.slice(at + 2) }
    }),
  )
}

export const notFound = (what: string, id: string) =>
  new BridgeError('not_found', {
    message: `no ${what} ${id}`,
    description: `There is no ${what} with this id.`,
  })

export const conflict = (description: string) => new BridgeError('conflict', { description })
