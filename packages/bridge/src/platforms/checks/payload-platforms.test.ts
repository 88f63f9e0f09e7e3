/**
 * The two non-JWT platforms' checks against payloads made here with node:crypto, independently of
 * the bridge's codecs: DiscourseConnect (base64 query string + hex HMAC-SHA256) and Shopify
 * Multipass (AES-128-CBC + HMAC-SHA256 under SHA-256(secret)).
 */
import { createCipheriv, createHash, createHmac, randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { platformChecks, type CheckContext, type RuleResult } from './index.js'

const now = Date.UTC(2026, 11, 3, 10, 0, 0)
const secret = 'discourse-or-shopify-secret'
const failures = (results: RuleResult[]) => {
  const bad = results.filter((r) => !r.pass)
  for (const r of bad) expect(r.fix, `${r.rule} has a fix`).toBeTruthy()
  return bad.map((r) => r.rule)
}

describe('discourse', () => {
  const check = platformChecks.discourse
  const nonce = 'cb68251eefb5211e58c00ff1395f0c0b'
  const expected = {
    nonce,
    nonce_issued_at: String(now - 30_000),
    return_sso_url: 'https://forum.example/session/sso_login',
  }
  const fields = {
    nonce,
    external_id: 'u1',
    email: 'ada@example.com',
    username: 'ada',
    admin: 'false',
  }
  const reply = (f: Record<string, string>, key = secret, mangle?: (sso: string) => string) => {
    let sso = Buffer.from(new URLSearchParams(f).toString()).toString('base64')
    const sig = createHmac('sha256', key).update(sso).digest('hex')
    if (mangle) sso = mangle(sso)
    return {
      method: 'GET' as const,
      url: `https://forum.example/session/sso_login?${new URLSearchParams({ sso, sig }).toString()}`,
    }
  }
  const ctx = (over: Partial<CheckContext> = {}): CheckContext => ({
    key: secret,
    now,
    seen: () => false,
    expected,
    ...over,
  })

  it('accepts a correctly made reply: every rule passes', async () => {
    const results = await check(reply(fields), ctx())
    expect(failures(results)).toEqual([])
    expect(results.map((r) => r.rule)).toEqual(
      expect.arrayContaining(['signature', 'roundtrip.nonce', 'replay.nonce', 'clock.nonce']),
    )
  })
  it('refuses a reply signed with another secret', async () => {
    expect(failures(await check(reply(fields, 'other'), ctx()))).toEqual(['signature'])
  })
  it('refuses an sso outside standard base64 (URL-safe - and _), as Discourse does', async () => {
    // A percent-encoded payload is ASCII, whose base64 never holds + or /: only a client that
    // re-encodes the string (or cuts it) produces these characters.
    const urlSafe = reply(fields, secret, (sso) => `${sso.slice(0, -4)}-_-_`)
    expect(failures(await check(urlSafe, ctx()))).toEqual(['format.sso'])
  })
  it('refuses a nonce older than 10 minutes', async () => {
    const late = { ...expected, nonce_issued_at: String(now - 11 * 60_000) }
    expect(failures(await check(reply(fields), ctx({ expected: late })))).toEqual(['clock.nonce'])
  })
  it('refuses a replayed nonce', async () => {
    expect(
      failures(await check(reply(fields), ctx({ seen: (id) => id === `nonce:${nonce}` }))),
    ).toEqual(['replay.nonce'])
  })
  it('refuses a reply without external_id, with a placeholder one, or without email', async () => {
    const { external_id: _id, ...noId } = fields
    expect(failures(await check(reply(noId), ctx()))).toEqual(['claim.external_id'])
    expect(failures(await check(reply({ ...fields, external_id: 'null' }), ctx()))).toEqual([
      'claim.external_id',
    ])
    const { email: _e, ...noEmail } = fields
    expect(failures(await check(reply(noEmail), ctx()))).toEqual(['claim.email'])
  })
  it('refuses a changed nonce, and a reply with none', async () => {
    expect(failures(await check(reply({ ...fields, nonce: 'forged' }), ctx()))).toEqual([
      'roundtrip.nonce',
    ])
    const { nonce: _n, ...noNonce } = fields
    expect(failures(await check(reply(noNonce), ctx()))).toEqual(['roundtrip.nonce'])
  })
  it('refuses booleans other than "true" and "false"', async () => {
    expect(failures(await check(reply({ ...fields, admin: '1' }), ctx()))).toEqual([
      'format.booleans',
    ])
  })
})

describe('shopify', () => {
  const check = platformChecks.shopify
  const multipass = (customer: Record<string, unknown>, key = secret) => {
    const material = createHash('sha256').update(key).digest()
    const iv = randomBytes(16)
    const cipher = createCipheriv('aes-128-cbc', material.subarray(0, 16), iv)
    const body = Buffer.concat([iv, cipher.update(JSON.stringify(customer)), cipher.final()])
    const mac = createHmac('sha256', material.subarray(16, 32)).update(body).digest()
    return Buffer.concat([body, mac]).toString('base64url')
  }
  const customer = () => ({
    email: 'ada@example.com',
    created_at: new Date(now - 10_000).toISOString(),
    first_name: 'Ada',
    last_name: 'Lovelace',
    identifier: 'u1',
  })
  const at = (token: string) => ({
    method: 'GET' as const,
    url: `https://shop.example/account/login/multipass/${token}`,
  })
  const ctx = (over: Partial<CheckContext> = {}): CheckContext => ({
    key: secret,
    now,
    seen: () => false,
    ...over,
  })

  it('accepts a correctly made token: every rule passes', async () => {
    const results = await check(at(multipass(customer())), ctx())
    expect(failures(results)).toEqual([])
    expect(results.map((r) => r.rule)).toEqual(
      expect.arrayContaining(['signature', 'clock.created_at', 'replay.token']),
    )
  })
  it('refuses a token made with another secret', async () => {
    expect(failures(await check(at(multipass(customer(), 'other')), ctx()))).toEqual(['signature'])
  })
  it('refuses a created_at older than 15 minutes or in the future', async () => {
    const old = { ...customer(), created_at: new Date(now - 16 * 60_000).toISOString() }
    expect(failures(await check(at(multipass(old)), ctx()))).toEqual(['clock.created_at'])
    const future = { ...customer(), created_at: new Date(now + 120_000).toISOString() }
    expect(failures(await check(at(multipass(future)), ctx()))).toEqual(['clock.created_at'])
  })
  it('refuses a token used before', async () => {
    const token = multipass(customer())
    const used = new Set<string>()
    const seen = (id: string) => used.has(id) || (used.add(id), false)
    expect(failures(await check(at(token), ctx({ seen })))).toEqual([])
    expect(failures(await check(at(token), ctx({ seen })))).toEqual(['replay.token'])
  })
  it('refuses a token without email or created_at', async () => {
    const { email: _e, ...noEmail } = customer()
    expect(failures(await check(at(multipass(noEmail)), ctx()))).toEqual(['claim.email'])
    const { created_at: _c, ...noTime } = customer()
    expect(failures(await check(at(multipass(noTime)), ctx()))).toEqual(['clock.created_at'])
  })
  it('refuses a changed return_to', async () => {
    const results = await check(
      at(multipass({ ...customer(), return_to: '/elsewhere' })),
      ctx({ expected: { return_to: '/collections/all' } }),
    )
    expect(failures(results)).toEqual(['roundtrip.return_to'])
  })
})
