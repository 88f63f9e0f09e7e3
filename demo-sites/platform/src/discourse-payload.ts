/**
 * DiscourseConnect on Discourse's side (lib/discourse_connect_base.rb): the request it signs for the
 * identity provider, and the reply it reads back at /session/sso_login. `sso` is standard base64 of
 * a query string, `sig` the lowercase hex HMAC-SHA256 of `sso` exactly as sent.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'

export type PayloadRefusal = 'malformed_payload' | 'bad_signature'

export class PayloadError extends Error {
  constructor(readonly reason: PayloadRefusal) {
    super(reason)
    this.name = 'PayloadError'
  }
}

// Discourse's own gate: standard base64, plus the CR/LF Ruby's encode64 inserts. URL-safe is refused.
const SSO_CHARS = /^[A-Za-z0-9+/=\r\n]+$/
const HEX_SIG = /^[0-9a-f]{64}$/
// Far above any real reply; bounds the work done on hostile input.
const MAX_SSO_CHARS = 8192

const hmac = (secret: string, sso: string) =>
  createHmac('sha256', secret).update(sso, 'utf8').digest()

/** What the Log in link sends to the identity provider (the bridge). */
export function signRequest(fields: Record<string, string>, secret: string) {
  const sso = Buffer.from(new URLSearchParams(fields).toString(), 'utf8').toString('base64')
  return { sso, sig: hmac(secret, sso).toString('hex') }
}

/** Checks `sig` over `sso` in constant time, then decodes the fields; a repeated key is refused. */
export function readReply(sso: string, sig: string, secret: string): Record<string, string> {
  if (!sso || sso.length > MAX_SSO_CHARS || !SSO_CHARS.test(sso)) {
    throw new PayloadError('malformed_payload')
  }
  if (!HEX_SIG.test(sig)) throw new PayloadError('bad_signature')
  if (!timingSafeEqual(hmac(secret, sso), Buffer.from(sig, 'hex'))) {
    throw new PayloadError('bad_signature')
  }
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(
      Buffer.from(sso.replace(/[\r\n]/g, ''), 'base64'),
    )
  } catch {
    throw new PayloadError('malformed_payload')
  }
  const fields: Record<string, string> = {}
  for (const [key, value] of new URLSearchParams(text)) {
    if (Object.hasOwn(fields, key)) throw new PayloadError('malformed_payload')
    fields[key] = value
  }
  return fields
}
