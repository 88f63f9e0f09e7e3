import { randomBytes } from 'node:crypto'
import { Webhook } from 'standardwebhooks'
import { describe, expect, it } from 'vitest'
import { VerifyError } from './verify-error.js'
import { verifyWebhook } from './webhook.js'

const newSecret = () => `whsec_${randomBytes(24).toString('base64')}`
const SECRET = newSecret()

const event = {
  type: 'user.updated',
  timestamp: '2026-12-06T21:00:00.000Z',
  data: { user: { sub: 'user-123', email: 'alice@example.com' }, changed: ['email'] },
}

/** Headers as the bridge sends them, signed at `at` with `secret`. */
function signed(body: string, secret = SECRET, at = new Date(), id = 'msg_abc') {
  return {
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(id, at, body),
  }
}

function codeOf(run: () => unknown): string | undefined {
  try {
    run()
  } catch (error) {
    expect(error).toBeInstanceOf(VerifyError)
    return (error as VerifyError).code
  }
  return undefined
}

describe('verifyWebhook', () => {
  const body = JSON.stringify(event)

  it('returns the event of a good request, with its webhook-id', () => {
    expect(verifyWebhook(SECRET, body, signed(body))).toEqual({ id: 'msg_abc', ...event })
  })

  it('reads a fetch Headers, Node headers and a record in any case, and a Uint8Array body', () => {
    const headers = signed(body)
    expect(verifyWebhook(SECRET, body, new Headers(headers)).type).toBe('user.updated')
    const upper = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toUpperCase(), v]))
    expect(verifyWebhook(SECRET, Buffer.from(body), upper).id).toBe('msg_abc')
  })

  it('refuses a tampered body', () => {
    const headers = signed(body)
    const tampered = body.replace('alice@', 'mallory@')
    expect(codeOf(() => verifyWebhook(SECRET, tampered, headers))).toBe('webhook_signature_invalid')
  })

  it('refuses another webhook-id than the one signed', () => {
    const headers = { ...signed(body), 'webhook-id': 'msg_other' }
    expect(codeOf(() => verifyWebhook(SECRET, body, headers))).toBe('webhook_signature_invalid')
  })

  it('refuses a request signed with another secret', () => {
    expect(codeOf(() => verifyWebhook(newSecret(), body, signed(body)))).toBe(
      'webhook_signature_invalid',
    )
  })

  it('refuses a timestamp out of the tolerance, either way, even well signed', () => {
    const old = new Date(Date.now() - 10 * 60_000)
    const ahead = new Date(Date.now() + 10 * 60_000)
    expect(codeOf(() => verifyWebhook(SECRET, body, signed(body, SECRET, old)))).toBe(
      'webhook_timestamp_out_of_range',
    )
    expect(codeOf(() => verifyWebhook(SECRET, body, signed(body, SECRET, ahead)))).toBe(
      'webhook_timestamp_out_of_range',
    )
  })

  it('refuses missing, doubled or malformed headers', () => {
    const headers = signed(body)
    for (const name of Object.keys(headers)) {
      const without: Record<string, string> = { ...headers }
      delete without[name]
      expect(codeOf(() => verifyWebhook(SECRET, body, without))).toBe('webhook_malformed')
    }
    const doubled = { ...headers, 'webhook-id': ['msg_abc', 'msg_abc'] }
    expect(codeOf(() => verifyWebhook(SECRET, body, doubled))).toBe('webhook_malformed')
    const notANumber = { ...headers, 'webhook-timestamp': '17e8' }
    expect(codeOf(() => verifyWebhook(SECRET, body, notANumber))).toBe('webhook_malformed')
  })

  it('refuses a well signed body that is no event', () => {
    for (const other of ['not json', '{"type":"user.updated"}', '[]', '']) {
      expect(codeOf(() => verifyWebhook(SECRET, other, signed(other)))).toBe('webhook_malformed')
    }
  })

  it('accepts either secret while one is rotated, and refuses with none that signed', () => {
    const next = newSecret()
    expect(verifyWebhook([SECRET, next], body, signed(body, next)).id).toBe('msg_abc')
    expect(verifyWebhook([SECRET, next], body, signed(body, SECRET)).id).toBe('msg_abc')
    expect(codeOf(() => verifyWebhook([next, newSecret()], body, signed(body)))).toBe(
      'webhook_signature_invalid',
    )
  })

  it('says invalid_options for no secret or an unusable one', () => {
    expect(codeOf(() => verifyWebhook([], body, signed(body)))).toBe('invalid_options')
    expect(codeOf(() => verifyWebhook('whsec_', body, signed(body)))).toBe('invalid_options')
  })
})
