/**
 * DiscourseConnect payloads, byte for byte as Discourse builds and reads them
 * (discourse/discourse lib/discourse_connect_base.rb): `sso` is base64 of a Rack query string,
 * `sig` the lowercase hex HMAC-SHA256 of `sso` exactly as sent.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'

export type DiscourseConnectReason =
  'bad_signature' | 'malformed_payload' | 'missing_nonce' | 'missing_return_url'

export class DiscourseConnectError extends Error {
  readonly reason: DiscourseConnectReason
  constructor(reason: DiscourseConnectReason, message: string) {
    super(message)
    this.name = 'DiscourseConnectError'
    this.reason = reason
  }
}

// Discourse answers through nginx, whose default request-line buffer is 8 KB; a bigger payload
// could never arrive, so refusing it early costs nothing and bounds the work on hostile input.
const MAX_SSO_CHARS = 8192
// Discourse's own gate: standard base64 plus the CR/LF that Ruby's Base64.encode64 (older
// Discourse and many clients) inserts every 60 characters. URL-safe base64 is refused there too.
const DISCOURSE_SSO_CHARS = /^[A-Za-z0-9+/=\r\n]+$/
const STRICT_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/
// Discourse compares the hex string exactly, so uppercase hex is a bad signature there as well.
const HEX_SIG = /^[0-9a-f]{64}$/
const utf8 = new TextDecoder('utf-8', { fatal: true })

function sign(sso: string, secret: string): Buffer {
  return createHmac('sha256', secret).update(sso, 'utf8').digest()
}

function requireSecret(secret: string): void {
  if (typeof secret !== 'string' || secret === '') {
    throw new TypeError('the DiscourseConnect secret is empty')
  }
}

function verify(sso: string, sig: string, secret: string): Record<string, string> {
  requireSecret(secret)
  if (typeof sso !== 'string' || sso === '') {
    throw new DiscourseConnectError('malformed_payload', 'sso is missing')
  }
  if (sso.length > MAX_SSO_CHARS) {
    throw new DiscourseConnectError('malformed_payload', `sso is over ${MAX_SSO_CHARS} characters`)
  }
  const compact = sso.replace(/[\r\n]/g, '')
  if (!DISCOURSE_SSO_CHARS.test(sso) || !STRICT_BASE64.test(compact) || compact === '') {
    throw new DiscourseConnectError('malformed_payload', 'sso is not standard base64')
  }
  if (typeof sig !== 'string' || !HEX_SIG.test(sig)) {
    throw new DiscourseConnectError('bad_signature', 'sig is not 64 lowercase hex digits')
  }
  // The MAC covers the string as received, newlines included, as Discourse signs it.
  if (!timingSafeEqual(sign(sso, secret), Buffer.from(sig, 'hex'))) {
    throw new DiscourseConnectError('bad_signature', 'sig does not match sso')
  }
  let text: string
  try {
    text = utf8.decode(Buffer.from(compact, 'base64'))
  } catch {
    throw new DiscourseConnectError('malformed_payload', 'the payload is not UTF-8')
  }
  return parseQuery(text)
}

/**
 * Rack's parse_query, minus its leniency: a repeated key (Rack would turn it into an array) or a
 * broken %-escape is refused rather than guessed at, since these fields decide who signs in.
 */
function parseQuery(text: string): Record<string, string> {
  const fields: Record<string, string> = Object.create(null) as Record<string, string>
  for (const part of text.split('&')) {
    if (part === '') continue
    const eq = part.indexOf('=')
    const rawKey = eq === -1 ? part : part.slice(0, eq)
    const rawValue = eq === -1 ? '' : part.slice(eq + 1)
    let key: string
    let value: string
    try {
      key = decodeURIComponent(rawKey.replace(/\+/g, ' '))
      value = decodeURIComponent(rawValue.replace(/\+/g, ' '))
    } catch {
      throw new DiscourseConnectError('malformed_payload', 'the payload has a broken %-escape')
    }
    if (key === '')
      throw new DiscourseConnectError('malformed_payload', 'the payload has an empty key')
    if (Object.hasOwn(fields, key)) {
      throw new DiscourseConnectError('malformed_payload', `the payload repeats ${key}`)
    }
    fields[key] = value
  }
  return { ...fields }
}

function requireNonce(fields: Record<string, string>): string {
  const nonce = fields.nonce
  if (nonce === undefined || nonce === '') {
    throw new DiscourseConnectError('missing_nonce', 'the payload has no nonce')
  }
  return nonce
}

/** Reads the request Discourse sends when a visitor clicks Log In: verified, then parsed. */
export function parseDiscourseRequest(
  sso: string,
  sig: string,
  secret: string,
): { nonce: string; returnSsoUrl: string; fields: Record<string, string> } {
  const fields = verify(sso, sig, secret)
  const nonce = requireNonce(fields)
  const returnSsoUrl = fields.return_sso_url
  if (returnSsoUrl === undefined || returnSsoUrl === '') {
    throw new DiscourseConnectError('missing_return_url', 'the payload has no return_sso_url')
  }
  // Only the shape is checked here; whether the origin is the app's is the caller's decision.
  let url: URL
  try {
    url = new URL(returnSsoUrl)
  } catch {
    throw new DiscourseConnectError('malformed_payload', 'return_sso_url is not an absolute URL')
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new DiscourseConnectError('malformed_payload', 'return_sso_url is not http(s)')
  }
  return { nonce, returnSsoUrl, fields }
}

/** Rack::Utils.escape (URI.encode_www_form_component): only `*-._` and alphanumerics stay. */
function formEscape(text: string): string {
  return encodeURIComponent(text)
    .replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+')
}

function fieldText(key: string, value: string | boolean | number): string {
  if (typeof value === 'boolean') return value ? 'true' : 'false'
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`${key} is not a finite number`)
    return String(value)
  }
  if (typeof value !== 'string') throw new TypeError(`${key} is not a string, boolean or number`)
  return value
}

/**
 * Builds the reply to Discourse's return_sso_url: Rack build_query, then strict base64 (no
 * newlines, as Discourse's own payload method writes it). Undefined fields are left out, as
 * Discourse leaves out nil ones.
 */
export function encodeDiscourseResponse(
  fields: Record<string, string | boolean | number | undefined>,
  secret: string,
): { sso: string; sig: string } {
  requireSecret(secret)
  const parts: string[] = []
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue
    if (key === '') throw new TypeError('a DiscourseConnect field has an empty name')
    parts.push(`${formEscape(key)}=${formEscape(fieldText(key, value))}`)
  }
  const text = parts.join('&')
  requireNonce(parseQuery(text))
  const sso = Buffer.from(text, 'utf8').toString('base64')
  if (sso.length > MAX_SSO_CHARS) {
    throw new DiscourseConnectError(
      'malformed_payload',
      `sso would be over ${MAX_SSO_CHARS} characters`,
    )
  }
  return { sso, sig: sign(sso, secret).toString('hex') }
}

/** Reads a reply as Discourse's /session/sso_login would, for the fakes and the contract check. */
export function decodeDiscourseResponse(
  sso: string,
  sig: string,
  secret: string,
): Record<string, string> {
  const fields = verify(sso, sig, secret)
  requireNonce(fields)
  return fields
}
