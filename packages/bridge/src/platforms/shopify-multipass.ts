/**
 * Shopify Multipass tokens as Shopify's documented Ruby and PHP examples build them
 * (https://shopify.dev/docs/api/multipass): keys from SHA-256 of the secret (16 bytes encrypt,
 * 16 sign), AES-128-CBC with a random IV, HMAC-SHA256 over IV + ciphertext appended, URL-safe
 * base64 with its `=` padding kept (Ruby's urlsafe_encode64 and PHP's strtr both keep it).
 */
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto'

export type MultipassReason = 'bad_signature' | 'malformed_token'

export class MultipassError extends Error {
  readonly reason: MultipassReason
  constructor(reason: MultipassReason, message: string) {
    super(message)
    this.name = 'MultipassError'
    this.reason = reason
  }
}

const IV_BYTES = 16
const BLOCK_BYTES = 16
const MAC_BYTES = 32
// The token rides in a URL path; 8 KB is the common request-line limit in front of a shop, and
// it bounds what a hostile token can make us decrypt.
const MAX_TOKEN_CHARS = 8192
// URL-safe alphabet only; padding, when present, must be the right amount at the very end.
const URLSAFE_BASE64 = /^(?:[A-Za-z0-9_-]{4})*(?:[A-Za-z0-9_-]{2}(?:==)?|[A-Za-z0-9_-]{3}=?)?$/
const utf8 = new TextDecoder('utf-8', { fatal: true })

function keys(secret: string): { encryptionKey: Buffer; signatureKey: Buffer } {
  if (typeof secret !== 'string' || secret === '') {
    throw new TypeError('the Multipass secret is empty')
  }
  const material = createHash('sha256').update(secret, 'utf8').digest()
  return { encryptionKey: material.subarray(0, 16), signatureKey: material.subarray(16, 32) }
}

/** Ruby's Time#iso8601 shape (seconds, explicit zone), which Shopify's own example sends. */
function isoNow(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const proto = Object.getPrototypeOf(value) as unknown
  return proto === Object.prototype || proto === null
}

/** Encrypts and signs a customer; `created_at` is set to now when the caller left it out. */
export function encodeMultipass(customer: Record<string, unknown>, secret: string): string {
  if (!isPlainObject(customer)) throw new TypeError('the Multipass customer is not an object')
  const { encryptionKey, signatureKey } = keys(secret)
  const data = customer.created_at === undefined ? { ...customer, created_at: isoNow() } : customer
  const iv = randomBytes(IV_BYTES)
  const cipher = createCipheriv('aes-128-cbc', encryptionKey, iv)
  const body = Buffer.concat([iv, cipher.update(JSON.stringify(data), 'utf8'), cipher.final()])
  const mac = createHmac('sha256', signatureKey).update(body).digest()
  const token = Buffer.concat([body, mac])
    .toString('base64')
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
  if (token.length > MAX_TOKEN_CHARS) {
    throw new MultipassError(
      'malformed_token',
      `the token would be over ${MAX_TOKEN_CHARS} characters`,
    )
  }
  return token
}

/**
 * Verifies then decrypts a token, as Shopify does on /account/login/multipass/{token}. The MAC is
 * checked before any decryption, so a padding error can never tell an attacker anything.
 * Claims (email, created_at's window) are the caller's to check.
 */
export function decodeMultipass(token: string, secret: string): Record<string, unknown> {
  const { encryptionKey, signatureKey } = keys(secret)
  if (typeof token !== 'string' || token === '') {
    throw new MultipassError('malformed_token', 'the token is missing')
  }
  if (token.length > MAX_TOKEN_CHARS) {
    throw new MultipassError('malformed_token', `the token is over ${MAX_TOKEN_CHARS} characters`)
  }
  if (!URLSAFE_BASE64.test(token)) {
    throw new MultipassError('malformed_token', 'the token is not URL-safe base64')
  }
  const raw = Buffer.from(token, 'base64url')
  const cipherBytes = raw.length - IV_BYTES - MAC_BYTES
  if (cipherBytes < BLOCK_BYTES || cipherBytes % BLOCK_BYTES !== 0) {
    throw new MultipassError('malformed_token', 'the token is not IV + whole AES blocks + HMAC')
  }
  const body = raw.subarray(0, raw.length - MAC_BYTES)
  const expected = createHmac('sha256', signatureKey).update(body).digest()
  if (!timingSafeEqual(expected, raw.subarray(raw.length - MAC_BYTES))) {
    throw new MultipassError('bad_signature', 'the HMAC does not match')
  }
  let json: string
  try {
    const decipher = createDecipheriv('aes-128-cbc', encryptionKey, body.subarray(0, IV_BYTES))
    json = utf8.decode(Buffer.concat([decipher.update(body.subarray(IV_BYTES)), decipher.final()]))
  } catch {
    throw new MultipassError('malformed_token', 'the plaintext has bad padding or is not UTF-8')
  }
  let customer: unknown
  try {
    customer = JSON.parse(json)
  } catch {
    throw new MultipassError('malformed_token', 'the plaintext is not JSON')
  }
  if (!isPlainObject(customer)) {
    throw new MultipassError('malformed_token', 'the plaintext is not a JSON object')
  }
  return customer
}
