/**
 * DiscourseConnect codec against the vectors of Discourse's official guide
 * (meta.discourse.org/t/13045), against Python's hmac/base64/urllib as an independent reader,
 * and against the inputs Discourse itself refuses.
 */
import { execFileSync } from 'node:child_process'
import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  decodeDiscourseResponse,
  DiscourseConnectError,
  encodeDiscourseResponse,
  parseDiscourseRequest,
  type DiscourseConnectReason,
} from './discourse-connect.js'

// The guide's example: Discourse's request (Ruby encode64 output, trailing newline signed too)
// and the reply a provider sends back.
const GUIDE_SECRET = 'd836444a9e4084d5b224a60c208dce14'
const GUIDE_REQUEST_SSO = 'bm9uY2U9Y2I2ODI1MWVlZmI1MjExZTU4YzAwZmYxMzk1ZjBjMGI=\n'
const GUIDE_REQUEST_SIG = '2828aa29899722b35a2f191d34ef9b3ce695e0e6eeec47deb46d588d70c7cb56'
const GUIDE_NONCE = 'cb68251eefb5211e58c00ff1395f0c0b'
const GUIDE_REPLY_SSO =
  'bm9uY2U9Y2I2ODI1MWVlZmI1MjExZTU4YzAwZmYxMzk1ZjBjMGImbmFtZT1zYW0mdXNlcm5hbWU9c2Ftc2FtJmVtYWlsPXRlc3QlNDB0ZXN0LmNvbSZleHRlcm5hbF9pZD1oZWxsbzEyMyZyZXF1aXJlX2FjdGl2YXRpb249dHJ1ZQ=='
const GUIDE_REPLY_SIG = '3d7e5ac755a87ae3ccf90272644ed2207984db03cf020377c8b92ff51be3abc3'

const secret = 'forum-connect-secret-0123456789'
const returnSsoUrl = 'https://forum.example/session/sso_login'

/** A request as Discourse's session controller builds it: strict base64 and a hex HMAC. */
function discourseRequest(payload: string, key = secret): { sso: string; sig: string } {
  const sso = Buffer.from(payload, 'utf8').toString('base64')
  return { sso, sig: createHmac('sha256', key).update(sso).digest('hex') }
}

function reasonOf(run: () => unknown): DiscourseConnectReason | 'no error' | 'other error' {
  try {
    run()
    return 'no error'
  } catch (error) {
    return error instanceof DiscourseConnectError ? error.reason : 'other error'
  }
}

const python = (script: string, ...args: string[]): string =>
  execFileSync('python3', ['-c', script, ...args], { encoding: 'utf8', timeout: 10_000 })

describe('published vectors', () => {
  it("reads the guide's request, newline and all, and refuses it as a request without return_sso_url", () => {
    expect(decodeDiscourseResponse(GUIDE_REQUEST_SSO, GUIDE_REQUEST_SIG, GUIDE_SECRET)).toEqual({
      nonce: GUIDE_NONCE,
    })
    expect(
      reasonOf(() => parseDiscourseRequest(GUIDE_REQUEST_SSO, GUIDE_REQUEST_SIG, GUIDE_SECRET)),
    ).toBe('missing_return_url')
  })

  it("writes the guide's reply byte for byte", () => {
    const reply = encodeDiscourseResponse(
      {
        nonce: GUIDE_NONCE,
        name: 'sam',
        username: 'samsam',
        email: 'test@test.com',
        external_id: 'hello123',
        require_activation: true,
      },
      GUIDE_SECRET,
    )
    expect(reply).toEqual({ sso: GUIDE_REPLY_SSO, sig: GUIDE_REPLY_SIG })
  })
})

describe('parseDiscourseRequest', () => {
  it('returns the nonce, the return URL and every field', () => {
    const payload = `nonce=n-1&return_sso_url=${encodeURIComponent(returnSsoUrl)}&prompt=login`
    const { sso, sig } = discourseRequest(payload)
    expect(parseDiscourseRequest(sso, sig, secret)).toEqual({
      nonce: 'n-1',
      returnSsoUrl,
      fields: { nonce: 'n-1', return_sso_url: returnSsoUrl, prompt: 'login' },
    })
  })

  it('accepts the line-broken base64 older Discourse sends (Ruby encode64)', () => {
    const payload = `nonce=${'a'.repeat(40)}&return_sso_url=${encodeURIComponent(returnSsoUrl)}`
    const b64 = Buffer.from(payload).toString('base64')
    const sso = `${b64.replace(/(.{60})/g, '$1\n')}\n`
    expect(sso.split('\n').length).toBeGreaterThan(2)
    const sig = createHmac('sha256', secret).update(sso).digest('hex')
    expect(parseDiscourseRequest(sso, sig, secret).nonce).toBe('a'.repeat(40))
  })

  const valid = discourseRequest(`nonce=n-1&return_sso_url=${encodeURIComponent(returnSsoUrl)}`)
  const flip = (text: string, at: number) =>
    text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1)

  it.each<[string, () => unknown, DiscourseConnectReason]>([
    [
      'a tampered payload',
      () => parseDiscourseRequest(flip(valid.sso, 4), valid.sig, secret),
      'bad_signature',
    ],
    [
      'the wrong secret',
      () => parseDiscourseRequest(valid.sso, valid.sig, `${secret}x`),
      'bad_signature',
    ],
    [
      'a truncated sig',
      () => parseDiscourseRequest(valid.sso, valid.sig.slice(0, 63), secret),
      'bad_signature',
    ],
    [
      'a sig cut to half',
      () => parseDiscourseRequest(valid.sso, valid.sig.slice(0, 32), secret),
      'bad_signature',
    ],
    [
      'a non-hex sig',
      () => parseDiscourseRequest(valid.sso, `${valid.sig.slice(0, 63)}g`, secret),
      'bad_signature',
    ],
    // Discourse compares the hex text exactly, so it would refuse uppercase too.
    [
      'an uppercase sig',
      () => parseDiscourseRequest(valid.sso, valid.sig.toUpperCase(), secret),
      'bad_signature',
    ],
    ['an empty sig', () => parseDiscourseRequest(valid.sso, '', secret), 'bad_signature'],
    ['an empty sso', () => parseDiscourseRequest('', valid.sig, secret), 'malformed_payload'],
  ])('refuses %s', (_, run, reason) => {
    expect(reasonOf(run)).toBe(reason)
  })

  it('refuses a payload over 8 KB before computing anything', () => {
    const big = discourseRequest(
      `nonce=n&return_sso_url=${encodeURIComponent(returnSsoUrl)}&pad=${'x'.repeat(7000)}`,
    )
    expect(big.sso.length).toBeGreaterThan(8192)
    expect(reasonOf(() => parseDiscourseRequest(big.sso, big.sig, secret))).toBe(
      'malformed_payload',
    )
  })

  it.each([
    ['URL-safe base64', (s: string) => s.replace(/=+$/, '').replace(/\//g, '_') + '-'],
    ['a stray character', (s: string) => `${s}!`],
    [
      'a wrong length',
      (s: string) => {
        const bare = s.replace(/=+$/, '')
        return bare.slice(0, bare.length - ((bare.length - 1) % 4))
      },
    ],
    ['padding in the middle', (s: string) => `AA==${s}`],
    ['a space', (s: string) => s.slice(0, 4) + ' ' + s.slice(4)],
  ])('refuses a payload that is not base64 (%s), even when signed', (_, mangle) => {
    const sso = mangle(valid.sso)
    const sig = createHmac('sha256', secret).update(sso).digest('hex')
    expect(reasonOf(() => parseDiscourseRequest(sso, sig, secret))).toBe('malformed_payload')
  })

  it.each<[string, string, DiscourseConnectReason]>([
    ['no nonce', `return_sso_url=${encodeURIComponent(returnSsoUrl)}`, 'missing_nonce'],
    [
      'an empty nonce',
      `nonce=&return_sso_url=${encodeURIComponent(returnSsoUrl)}`,
      'missing_nonce',
    ],
    ['no return_sso_url', 'nonce=n-1', 'missing_return_url'],
    ['an empty return_sso_url', 'nonce=n-1&return_sso_url=', 'missing_return_url'],
    [
      'a relative return_sso_url',
      'nonce=n-1&return_sso_url=%2Fsession%2Fsso_login',
      'malformed_payload',
    ],
    [
      'a javascript: return_sso_url',
      'nonce=n-1&return_sso_url=javascript%3Aalert(1)',
      'malformed_payload',
    ],
    [
      'a repeated nonce',
      `nonce=a&nonce=b&return_sso_url=${encodeURIComponent(returnSsoUrl)}`,
      'malformed_payload',
    ],
    [
      'a broken %-escape',
      `nonce=%E0%A4&return_sso_url=${encodeURIComponent(returnSsoUrl)}`,
      'malformed_payload',
    ],
  ])('refuses a signed payload with %s', (_, payload, reason) => {
    const { sso, sig } = discourseRequest(payload)
    expect(reasonOf(() => parseDiscourseRequest(sso, sig, secret))).toBe(reason)
  })

  it('refuses a signed payload that is not UTF-8', () => {
    const sso = Buffer.from([0x6e, 0x6f, 0x6e, 0x63, 0x65, 0x3d, 0xff, 0xfe]).toString('base64')
    const sig = createHmac('sha256', secret).update(sso).digest('hex')
    expect(reasonOf(() => parseDiscourseRequest(sso, sig, secret))).toBe('malformed_payload')
  })

  it('takes Python-built requests (base64.b64encode, urlencode, hmac)', () => {
    const out = python(
      [
        'import sys, base64, hmac, hashlib, urllib.parse, json',
        "q = urllib.parse.urlencode({'nonce': 'p y+n/ce', 'return_sso_url': sys.argv[2]})",
        'sso = base64.b64encode(q.encode()).decode()',
        'sig = hmac.new(sys.argv[1].encode(), sso.encode(), hashlib.sha256).hexdigest()',
        "print(json.dumps({'sso': sso, 'sig': sig}))",
      ].join('\n'),
      secret,
      returnSsoUrl,
    )
    const { sso, sig } = JSON.parse(out) as { sso: string; sig: string }
    expect(parseDiscourseRequest(sso, sig, secret)).toMatchObject({
      nonce: 'p y+n/ce',
      returnSsoUrl,
    })
  })
})

describe('encodeDiscourseResponse', () => {
  const fields = {
    nonce: 'n-1',
    external_id: 'user 42',
    email: 'ann+forum@example.com',
    name: 'Ann Ödegård',
    bio: "line one\nline two & more = *~!'()",
    admin: false,
    require_activation: true,
    'custom.plan': 'gold',
    avatar_url: undefined,
    trust: 2,
  }

  it('writes strict base64 (no newlines) and a lowercase hex sig', () => {
    const { sso, sig } = encodeDiscourseResponse(fields, secret)
    expect(sso).toMatch(/^[A-Za-z0-9+/]+={0,2}$/)
    expect(sig).toMatch(/^[0-9a-f]{64}$/)
  })

  it('escapes as Rack does: space as +, only *-._ and alphanumerics kept', () => {
    const { sso } = encodeDiscourseResponse({ nonce: 'n', bio: "a b~*!'()@/.-_" }, secret)
    expect(Buffer.from(sso, 'base64').toString()).toBe('nonce=n&bio=a+b%7E*%21%27%28%29%40%2F.-_')
  })

  it('round-trips through decodeDiscourseResponse, booleans as "true"/"false", undefined left out', () => {
    const { sso, sig } = encodeDiscourseResponse(fields, secret)
    expect(decodeDiscourseResponse(sso, sig, secret)).toEqual({
      nonce: 'n-1',
      external_id: 'user 42',
      email: 'ann+forum@example.com',
      name: 'Ann Ödegård',
      bio: "line one\nline two & more = *~!'()",
      admin: 'false',
      require_activation: 'true',
      'custom.plan': 'gold',
      trust: '2',
    })
  })

  it('is read the same by Python (hmac.compare_digest, b64decode with validate, parse_qs)', () => {
    const { sso, sig } = encodeDiscourseResponse(fields, secret)
    const out = python(
      [
        'import sys, base64, hmac, hashlib, urllib.parse, json',
        'secret, sso, sig = sys.argv[1:4]',
        'ok = hmac.compare_digest(hmac.new(secret.encode(), sso.encode(), hashlib.sha256).hexdigest(), sig)',
        'raw = base64.b64decode(sso, validate=True).decode()',
        'fields = {k: v[0] for k, v in urllib.parse.parse_qs(raw, keep_blank_values=True, strict_parsing=True).items()}',
        "print(json.dumps({'ok': ok, 'fields': fields}))",
      ].join('\n'),
      secret,
      sso,
      sig,
    )
    expect(JSON.parse(out)).toEqual({
      ok: true,
      fields: decodeDiscourseResponse(sso, sig, secret),
    })
  })

  it('refuses to write a reply without a nonce', () => {
    expect(reasonOf(() => encodeDiscourseResponse({ email: 'a@example.com' }, secret))).toBe(
      'missing_nonce',
    )
  })

  it('refuses to write a reply Discourse could never receive (over 8 KB)', () => {
    expect(
      reasonOf(() => encodeDiscourseResponse({ nonce: 'n', bio: 'x'.repeat(7000) }, secret)),
    ).toBe('malformed_payload')
  })

  it('refuses an empty secret and non-finite numbers outright', () => {
    expect(() => encodeDiscourseResponse({ nonce: 'n' }, '')).toThrow(TypeError)
    expect(() => encodeDiscourseResponse({ nonce: 'n', x: Number.NaN }, secret)).toThrow(TypeError)
  })
})

describe('decodeDiscourseResponse', () => {
  const reply = encodeDiscourseResponse(
    { nonce: 'n-1', external_id: '7', email: 'a@b.example' },
    secret,
  )

  it.each<[string, () => unknown, DiscourseConnectReason]>([
    [
      'the wrong secret',
      () => decodeDiscourseResponse(reply.sso, reply.sig, 'other-secret'),
      'bad_signature',
    ],
    [
      'a sig for another payload',
      () => decodeDiscourseResponse(reply.sso, GUIDE_REPLY_SIG, secret),
      'bad_signature',
    ],
    [
      'a reply without nonce',
      () => decodeDiscourseResponse(...sign('external_id=7&email=a%40b.example')),
      'missing_nonce',
    ],
  ])('refuses %s', (_, run, reason) => {
    expect(reasonOf(run)).toBe(reason)
  })

  it('refuses URL-safe base64 even when signed, as Discourse answers 422', () => {
    const sso = 'bm9uY2U9bg-_'
    const sig = createHmac('sha256', secret).update(sso).digest('hex')
    expect(reasonOf(() => decodeDiscourseResponse(sso, sig, secret))).toBe('malformed_payload')
  })
})

function sign(payload: string): [string, string, string] {
  const { sso, sig } = discourseRequest(payload)
  return [sso, sig, secret]
}
