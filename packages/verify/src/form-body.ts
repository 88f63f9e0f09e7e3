// The callback's request body: a small urlencoded form, read with a hard size limit.
import { VerifyError } from './verify-error.js'

/** The bridge's form is a token of ~1–2 KB plus state and return_to. */
export const MAX_FORM_BYTES = 16 * 1024

export function isFormContentType(header: string | null | undefined): boolean {
  const mediaType = header?.split(';', 1)[0]?.trim().toLowerCase()
  return mediaType === 'application/x-www-form-urlencoded'
}

export function notAForm(): VerifyError {
  return new VerifyError(
    'token_missing',
    'The sign-in response must be an application/x-www-form-urlencoded form.',
  )
}

export function formTooLarge(): VerifyError {
  return new VerifyError('token_malformed', 'The sign-in response is too large.')
}

export function declaredTooLarge(contentLength: string | null | undefined): boolean {
  if (contentLength == null || contentLength === '') return false
  const length = Number(contentLength)
  return !Number.isSafeInteger(length) || length > MAX_FORM_BYTES
}

/** Reads a Fetch API request's form, refusing other content types and bodies past the limit. */
export async function readRequestForm(request: Request): Promise<URLSearchParams> {
  if (!isFormContentType(request.headers.get('content-type'))) throw notAForm()
  if (declaredTooLarge(request.headers.get('content-length'))) throw formTooLarge()
  if (request.body === null) return new URLSearchParams()
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > MAX_FORM_BYTES) {
      await reader.cancel().catch(() => {})
      throw formTooLarge()
    }
    chunks.push(value)
  }
  return new URLSearchParams(new TextDecoder().decode(concat(chunks, size)))
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  const bytes = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    bytes.set(chunk, offset)
    offset += chunk.byteLength
  }
  return bytes
}
