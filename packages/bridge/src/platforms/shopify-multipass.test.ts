/**
 * Multipass codec against independent implementations run here: the openssl CLI for AES-128-CBC
 * and Python's hashlib/hmac/base64 for key derivation, MAC and URL-safe base64 (Shopify's docs
 * publish no fixed vector, since the IV is random), and against hostile tokens.
 */
import { execFileSync } from 'node:child_process'
import { createCipheriv, createHash, createHmac, randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  decodeMultipass,
  encodeMultipass,
  MultipassError,
  type MultipassReason,
} from './shopify-multipass.js'

// The secret of Shopify's own Ruby and PHP examples.
const secret = 'multipass secret from shop admin'
const customer = { email: 'nicpotts@example.com', first_name: 'Nic', identifier: 'nic123' }

function derivedKeys(key = secret): { enc: Buffer; sig: Buffer } {
  const material = createHash('sha256').update(key).digest()
  return { enc: material.subarray(0, 16), sig: material.subarray(16) }
}

/** Assembles a token from parts, so a test can sign exactly the bytes it wants. */
function token(iv: Buffer, ciphertext: Buffer, key = secret): string {
  const body = Buffer.concat([iv, ciphertext])
  const mac = createHmac('sha256', derivedKeys(key).sig).update(body).digest()
  return Buffer.concat([body, mac]).toString('base64').replace(/\+/g, '-').replace(/\//g, '_')
}

function reasonOf(run: () => unknown): MultipassReason | 'no error' | 'other error' {
  try {
    run()
    return 'no error'
  } catch (error) {
    return error instanceof MultipassError ? error.reason : 'other error'
  }
}

const run = (cmd: string, args: string[], input?: Buffer): Buffer =>
  execFileSync(cmd, args, { input, timeout: 10_000 })

describe('against openssl and Python', () => {
  it('a token from encodeMultipass: Python checks the MAC, openssl decrypts it', () => {
    const t = encodeMultipass({ ...customer, return_to: 'https://shop.example/a?b=c' }, secret)
    const check = run('python3', [
      '-c',
      [
        'import sys, base64, hashlib, hmac, json',
        'm = hashlib.sha256(sys.argv[1].encode()).digest()',
        'raw = base64.urlsafe_b64decode(sys.argv[2])',
        'ok = hmac.compare_digest(hmac.new(m[16:], raw[:-32], hashlib.sha256).digest(), raw[-32:])',
        "print(json.dumps({'ok': ok, 'enc': m[:16].hex(), 'iv': raw[:16].hex(), 'ct': raw[16:-32].hex()}))",
      ].join('\n'),
      secret,
      t,
    ])
    const parts = JSON.parse(check.toString()) as {
      ok: boolean
      enc: string
      iv: string
      ct: string
    }
    expect(parts.ok).toBe(true)
    expect(parts.enc).toBe(derivedKeys().enc.toString('hex'))
    const plain = run(
      'openssl',
      ['enc', '-d', '-aes-128-cbc', '-K', parts.enc, '-iv', parts.iv],
      Buffer.from(parts.ct, 'hex'),
    )
    const decrypted = JSON.parse(plain.toString()) as Record<string, unknown>
    expect(decrypted).toMatchObject({ ...customer, return_to: 'https://shop.example/a?b=c' })
    expect(decrypted.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
  })

  it('a token built with openssl and Python (urlsafe_b64encode) decodes', () => {
    const material = createHash('sha256').update(secret).digest()
    const iv = randomBytes(16)
    const json = JSON.stringify({
      email: 'ann@example.com',
      created_at: '2013-04-11T15:16:23-04:00',
    })
    const ciphertext = run(
      'openssl',
      [
        'enc',
        '-aes-128-cbc',
        '-K',
        material.subarray(0, 16).toString('hex'),
        '-iv',
        iv.toString('hex'),
      ],
      Buffer.from(json),
    )
    const t = run('python3', [
      '-c',
      [
        'import sys, base64, hashlib, hmac',
        'm = hashlib.sha256(sys.argv[1].encode()).digest()',
        'body = bytes.fromhex(sys.argv[2])',
        'sys.stdout.write(base64.urlsafe_b64encode(body + hmac.new(m[16:], body, hashlib.sha256).digest()).decode())',
      ].join('\n'),
      secret,
      Buffer.concat([iv, ciphertext]).toString('hex'),
    ]).toString()
    expect(decodeMultipass(t, secret)).toEqual({
      email: 'ann@example.com',
      created_at: '2013-04-11T15:16:23-04:00',
    })
  })
})

describe('encodeMultipass', () => {
  it('round-trips, keeping the caller’s created_at and leaving the input untouched', () => {
    const input = { ...customer, created_at: '2013-04-11T15:16:23-04:00', tag_string: 'a, b' }
    const before = structuredClone(input)
    expect(decodeMultipass(encodeMultipass(input, secret), secret)).toEqual(input)
    expect(input).toEqual(before)
  })

  it('adds created_at as now, to the second, when missing', () => {
    const start = Math.floor(Date.now() / 1000) * 1000
    const out = decodeMultipass(encodeMultipass(customer, secret), secret)
    const at = Date.parse(String(out.created_at))
    expect(at).toBeGreaterThanOrEqual(start)
    expect(at).toBeLessThanOrEqual(Date.now())
    expect(customer).not.toHaveProperty('created_at')
  })

  it('uses a fresh IV each time', () => {
    const a = encodeMultipass({ ...customer, created_at: 'x' }, secret)
    const b = encodeMultipass({ ...customer, created_at: 'x' }, secret)
    expect(a.slice(0, 22)).not.toBe(b.slice(0, 22))
  })

  it("writes the URL-safe alphabet and keeps '=' padding, as Ruby's urlsafe_encode64 does", () => {
    // Token bytes are 48 + 16k; padding appears whenever k is not a multiple of 3.
    const tokens = Array.from({ length: 6 }, (_, i) =>
      encodeMultipass({ email: 'a@example.com', created_at: 'x', pad: 'p'.repeat(16 * i) }, secret),
    )
    for (const t of tokens) expect(t).toMatch(/^[A-Za-z0-9_-]+={0,2}$/)
    expect(tokens.some((t) => t.endsWith('='))).toBe(true)
    for (const t of tokens) {
      const bytes = Buffer.from(t, 'base64url').length
      expect(t.endsWith('=')).toBe(bytes % 3 !== 0)
    }
  })

  it('refuses a customer that is not a plain object, and an empty secret', () => {
    expect(() => encodeMultipass([] as unknown as Record<string, unknown>, secret)).toThrow(
      TypeError,
    )
    expect(() => encodeMultipass(customer, '')).toThrow(TypeError)
  })

  it('refuses to write a token over 8 KB', () => {
    expect(
      reasonOf(() => encodeMultipass({ ...customer, tag_string: 'x'.repeat(7000) }, secret)),
    ).toBe('malformed_token')
  })
})

describe('decodeMultipass refuses', () => {
  const good = encodeMultipass({ ...customer, created_at: '2013-04-11T15:16:23-04:00' }, secret)
  const raw = Buffer.from(good, 'base64url')
  const reencode = (bytes: Buffer) => bytes.toString('base64url')
  const flipped = (at: number) => {
    const copy = Buffer.from(raw)
    copy.writeUInt8(copy.readUInt8(at) ^ 0x01, at)
    return reencode(copy)
  }
  const { enc } = derivedKeys()

  it('accepts the token unpadded too, as Ruby urlsafe_decode64 does', () => {
    expect(decodeMultipass(good.replace(/=+$/, ''), secret)).toMatchObject(customer)
  })

  it('the wrong secret', () => {
    expect(reasonOf(() => decodeMultipass(good, 'another secret'))).toBe('bad_signature')
  })

  it.each<[string, () => string, MultipassReason]>([
    ['a tampered IV', () => flipped(0), 'bad_signature'],
    ['a tampered ciphertext', () => flipped(20), 'bad_signature'],
    ['a tampered MAC', () => flipped(raw.length - 1), 'bad_signature'],
    // Still IV + whole blocks + 32 bytes, so it is the MAC that fails.
    [
      'a token with the MAC cut off',
      () => reencode(raw.subarray(0, raw.length - 32)),
      'bad_signature',
    ],
    ['a token too short (63 bytes)', () => reencode(raw.subarray(0, 63)), 'malformed_token'],
    [
      'IV and MAC with no ciphertext',
      () => reencode(Buffer.concat([raw.subarray(0, 16), raw.subarray(-32)])),
      'malformed_token',
    ],
    [
      'a ciphertext not in whole blocks',
      () => reencode(Buffer.concat([raw.subarray(0, raw.length - 32 - 1), raw.subarray(-32)])),
      'malformed_token',
    ],
    ['an empty token', () => '', 'malformed_token'],
    ['standard base64 (+ and /)', () => `${good.slice(0, 4)}+/${good.slice(6)}`, 'malformed_token'],
    ['too much base64 padding', () => `${good.replace(/=+$/, '')}===`, 'malformed_token'],
    ['padding in the middle', () => `${good.slice(0, 8)}=${good.slice(9)}`, 'malformed_token'],
    [
      'a base64 length that cannot be',
      () => {
        const bare = good.replace(/=+$/, '')
        return bare.slice(0, bare.length - ((bare.length - 1) % 4))
      },
      'malformed_token',
    ],
    ['whitespace', () => `${good.slice(0, 10)}\n${good.slice(10)}`, 'malformed_token'],
    ['a token over 8 KB', () => 'A'.repeat(8196), 'malformed_token'],
  ])('%s', (_, make, reason) => {
    expect(reasonOf(() => decodeMultipass(make(), secret))).toBe(reason)
  })

  it('bad PKCS7 padding under a valid MAC, without saying more than malformed', () => {
    const iv = randomBytes(16)
    const cipher = createCipheriv('aes-128-cbc', enc, iv).setAutoPadding(false)
    // The last plaintext byte 0x11 claims 17 bytes of padding in a 16-byte block.
    const block = Buffer.alloc(16, 0x11)
    const ciphertext = Buffer.concat([cipher.update(block), cipher.final()])
    expect(reasonOf(() => decodeMultipass(token(iv, ciphertext), secret))).toBe('malformed_token')
  })

  it.each([
    ['not JSON', 'email=a@example.com'],
    ['a JSON array', '["a@example.com"]'],
    ['JSON null', 'null'],
  ])('a plaintext that is %s under a valid MAC', (_, plaintext) => {
    const iv = randomBytes(16)
    const cipher = createCipheriv('aes-128-cbc', enc, iv)
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()])
    expect(reasonOf(() => decodeMultipass(token(iv, ciphertext), secret))).toBe('malformed_token')
  })

  it('a token signed with the right MAC key but encrypted under another key', () => {
    const iv = randomBytes(16)
    const cipher = createCipheriv('aes-128-cbc', derivedKeys('other').enc, iv)
    const ciphertext = Buffer.concat([cipher.update('{"email":"a@example.com"}'), cipher.final()])
    // Garbage after decryption: either its padding breaks or it is not JSON; never accepted.
    expect(reasonOf(() => decodeMultipass(token(iv, ciphertext), secret))).toBe('malformed_token')
  })
})
