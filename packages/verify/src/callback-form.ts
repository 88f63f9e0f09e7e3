// Reads the fields of the bridge's form POST, whatever shape the framework gave them.
import { VerifyError } from './verify-error.js'

export interface CallbackForm {
  token?: string
  state?: string
  returnTo?: string
  error?: string
  errorDescription?: string
}

const fields = {
  token: 'token',
  state: 'state',
  returnTo: 'return_to',
  error: 'error',
  errorDescription: 'error_description',
} as const

export function readCallbackForm(
  form: URLSearchParams | Record<string, string | undefined>,
): CallbackForm {
  const result: CallbackForm = {}
  for (const [key, field] of Object.entries(fields) as [keyof CallbackForm, string][]) {
    let values: unknown[]
    if (form instanceof URLSearchParams) values = form.getAll(field)
    else if (typeof form === 'object' && form !== null && Object.hasOwn(form, field)) {
      const value: unknown = form[field]
      // Body parsers turn repeated fields into arrays.
      values = Array.isArray(value) ? value : value === undefined ? [] : [value]
    } else values = []
    // A field sent twice is ambiguous; the bridge never does it.
    if (values.length > 1) {
      throw new VerifyError('token_malformed', 'The sign-in response repeats a field.')
    }
    const value = values[0]
    if (typeof value === 'string' && value !== '') result[key] = value
  }
  return result
}

/** RFC 6749 error codes are short ASCII words; anything else is reported as `server_error`. */
export function safeErrorCode(value: string): string {
  return /^[A-Za-z0-9_.-]{1,64}$/.test(value) ? value : 'server_error'
}

/** Printable ASCII only, at most 512 characters: still text from the network, still to be escaped. */
export function safeErrorDescription(value: string | undefined): string | undefined {
  if (value === undefined) return undefined
  const cleaned = value.replace(/[^\x20-\x7e]/g, '').slice(0, 512)
  return cleaned === '' ? undefined : cleaned
}
