/**
 * Every JWT platform's check against tokens made here with jose, independently of the bridge:
 * a correct one passes every rule; each mistake the platform refuses fails with its rule id.
 */
import { generateKeyPairSync, randomUUID } from 'node:crypto'
import { SignJWT, type JWTPayload } from 'jose'
import { describe, expect, it } from 'vitest'
import {
  platformChecks,
  type CheckContext,
  type PlatformDelivery,
  type PlatformName,
} from './index.js'

const now = Date.UTC(2026, 11, 3, 10, 0, 0)
const nowS = Math.floor(now / 1000)
const secret = 'platform-secret-0123456789abcdef'
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 })
const ed = generateKeyPairSync('ed25519')
const otherRsa = generateKeyPairSync('rsa', { modulusLength: 2048 })
const otherEd = generateKeyPairSync('ed25519')
const pem = (k: { export(o: object): string | Buffer }, type: 'spki' | 'pkcs8') =>
  String(k.export({ type, format: 'pem' }))

interface Case {
  platform: PlatformName
  alg: 'HS256' | 'HS512' | 'RS256' | 'EdDSA'
  /** The key the platform verifies with, the signing key, and a wrong signing key. */
  verify: string
  sign: () => Uint8Array | ReturnType<typeof generateKeyPairSync>['privateKey']
  wrongSign: () => Uint8Array | ReturnType<typeof generateKeyPairSync>['privateKey']
  typ?: 'JWT'
  claims: () => JWTPayload
  expected: Record<string, string>
  deliver: (token: string, rt: Record<string, string>) => PlatformDelivery
  required: string[]
  /** Which clock mistakes the platform refuses. */
  clock: Array<'future-iat' | 'old-iat' | 'expired'>
  replay?: string
  tamper?: string
  typRequired?: boolean
}

const hs = (s: string) => () => new TextEncoder().encode(s)
const q = (base: string, params: Record<string, string>) =>
  `${base}?${new URLSearchParams(params).toString()}`

const cases: Case[] = [
  {
    platform: 'thinkific',
    alg: 'HS256',
    verify: secret,
    sign: hs(secret),
    wrongSign: hs('wrong'),
    claims: () => ({
      email: 'ada@example.com',
      first_name: 'Ada',
      last_name: 'Lovelace',
      iat: nowS,
      external_id: 'u1',
    }),
    expected: { return_to: 'https://school.example/courses/1' },
    deliver: (t, rt) => ({
      method: 'GET',
      url: q('https://school.example/api/sso/v2/sso/jwt', {
        jwt: t,
        return_to: rt.return_to ?? '',
      }),
    }),
    required: ['email', 'first_name', 'last_name'],
    clock: ['future-iat'],
    tamper: 'return_to',
  },
  {
    platform: 'zendesk',
    alg: 'HS256',
    typ: 'JWT',
    verify: secret,
    sign: hs(secret),
    wrongSign: hs('wrong'),
    claims: () => ({
      iat: nowS,
      jti: randomUUID(),
      name: 'Ada Lovelace',
      email: 'ada@example.com',
    }),
    expected: { return_to: 'https://help.example/hc/en-us' },
    deliver: (t, rt) => ({
      method: 'POST',
      url: 'https://help.example/access/jwt',
      form: { jwt: t, return_to: rt.return_to ?? '' },
    }),
    required: ['name', 'email'],
    clock: ['future-iat', 'old-iat'],
    replay: 'replay.jti',
    tamper: 'return_to',
    typRequired: true,
  },
  {
    platform: 'canny',
    alg: 'HS256',
    verify: secret,
    sign: hs(secret),
    wrongSign: hs('wrong'),
    claims: () => ({ email: 'ada@example.com', id: 'u1', name: 'Ada Lovelace' }),
    expected: { companyID: 'c0ffee', redirect: 'https://feedback.example/board' },
    deliver: (t, rt) => ({
      method: 'GET',
      url: q('https://canny.io/api/redirects/sso', {
        companyID: rt.companyID ?? '',
        ssoToken: t,
        redirect: rt.redirect ?? '',
      }),
    }),
    required: ['email', 'id', 'name'],
    clock: ['expired'],
    tamper: 'companyID',
  },
  {
    platform: 'bigcommerce',
    alg: 'HS256',
    typ: 'JWT',
    verify: secret,
    sign: hs(secret),
    wrongSign: hs('wrong'),
    claims: () => ({
      iss: 'client-id-1',
      iat: nowS,
      jti: randomUUID(),
      operation: 'customer_login',
      store_hash: 'abc123',
      customer_id: 7,
      redirect_to: '/account.php',
    }),
    expected: { client_id: 'client-id-1', store_hash: 'abc123' },
    deliver: (t) => ({ method: 'GET', url: `https://shop.example/login/token/${t}` }),
    required: ['iss', 'operation', 'store_hash', 'customer_id'],
    clock: ['future-iat', 'old-iat'],
    replay: 'replay.jti',
    typRequired: true,
  },
  {
    platform: 'gitbook',
    alg: 'HS256',
    verify: secret,
    sign: hs(secret),
    wrongSign: hs('wrong'),
    claims: () => ({ exp: nowS + 3600 }),
    expected: { location: '/guides/start' },
    deliver: (t, rt) => ({
      method: 'GET',
      url: q(`https://docs.example${rt.location ?? '/'}`, { jwt_token: t }),
    }),
    required: [],
    clock: ['expired'],
    tamper: 'location',
  },
  {
    platform: 'mintlify',
    alg: 'EdDSA',
    verify: pem(ed.publicKey, 'spki'),
    sign: () => ed.privateKey,
    wrongSign: () => otherEd.privateKey,
    claims: () => ({
      exp: nowS + 10,
      expiresAt: nowS + 14 * 86400,
      groups: ['staff'],
      content: { firstName: 'Ada' },
    }),
    expected: { redirect: '/quickstart' },
    deliver: (t, rt) => ({
      method: 'GET',
      url: `${q('https://docs.example/login/jwt-callback', { redirect: rt.redirect ?? '/' })}#${t}`,
    }),
    required: [],
    clock: ['expired'],
    tamper: 'redirect',
  },
  {
    platform: 'featurebase',
    alg: 'HS256',
    verify: secret,
    sign: hs(secret),
    wrongSign: hs('wrong'),
    claims: () => ({ email: 'ada@example.com', userId: 'u1', name: 'Ada Lovelace' }),
    expected: { return_to: 'https://feedback.example/roadmap' },
    deliver: (t, rt) => ({
      method: 'GET',
      url: q('https://org.featurebase.app/api/v1/auth/access/jwt', {
        jwt: t,
        return_to: rt.return_to ?? '',
      }),
    }),
    required: ['name'],
    clock: ['expired'],
    tamper: 'return_to',
  },
  {
    platform: 'freshworks',
    alg: 'RS256',
    verify: pem(rsa.publicKey, 'spki'),
    sign: () => rsa.privateKey,
    wrongSign: () => otherRsa.privateKey,
    claims: () => ({
      sub: 'u1',
      email: 'ada@example.com',
      iat: nowS,
      nonce: 'n-123',
      given_name: 'Ada',
      family_name: 'Lovelace',
    }),
    expected: {
      state: 's-456',
      nonce: 'n-123',
      redirect_uri: 'https://org.myfreshworks.com/sp/OIDC/1/implicit',
    },
    deliver: (t, rt) => ({
      method: 'GET',
      url: q(rt.redirect_uri ?? 'https://org.myfreshworks.com/sp/OIDC/1/implicit', {
        state: rt.state ?? '',
        id_token: t,
      }),
    }),
    required: ['sub', 'email', 'nonce'],
    clock: ['future-iat'],
    replay: 'replay.state',
    tamper: 'state',
  },
  {
    platform: 'readme',
    alg: 'HS256',
    verify: secret,
    sign: hs(secret),
    wrongSign: hs('wrong'),
    claims: () => ({ name: 'Ada Lovelace', email: 'ada@example.com', apiKey: 'k' }),
    expected: { redirect: '/reference/intro' },
    deliver: (t, rt) => ({
      method: 'GET',
      url: q('https://hub.example/', { auth_token: t, redirect: rt.redirect ?? '/' }),
    }),
    required: ['name', 'email'],
    clock: ['expired'],
    tamper: 'redirect',
  },
  {
    platform: 'helpscout',
    alg: 'HS512',
    verify: secret,
    sign: hs(secret),
    wrongSign: hs('wrong'),
    claims: () => ({ sub: 'ada@example.com', exp: nowS + 3600 }),
    expected: { returnTo: '/article/12-setup' },
    deliver: (t, rt) => ({
      method: 'GET',
      url: q('https://docs.example/authcallback', { token: t, returnTo: rt.returnTo ?? '/' }),
    }),
    required: ['sub'],
    clock: ['expired'],
    tamper: 'returnTo',
  },
]

const context = (c: Case, over: Partial<CheckContext> = {}): CheckContext => ({
  key: c.verify,
  now,
  seen: () => false,
  expected: c.expected,
  ...over,
})

async function token(
  c: Case,
  claims: JWTPayload,
  opts: { key?: Case['sign']; header?: Record<string, unknown> } = {},
) {
  const header = opts.header ?? { alg: c.alg, ...(c.typ ? { typ: c.typ } : {}) }
  return new SignJWT(claims)
    .setProtectedHeader(header as { alg: string })
    .sign((opts.key ?? c.sign)())
}

const failures = (results: { rule: string; pass: boolean; fix?: string }[]) => {
  const bad = results.filter((r) => !r.pass)
  for (const r of bad) expect(r.fix, `${r.rule} has a fix`).toBeTruthy()
  return bad.map((r) => r.rule)
}

describe.each(cases)('$platform', (c) => {
  const check = platformChecks[c.platform]

  it('accepts a correctly made token: every rule passes', async () => {
    const results = await check(c.deliver(await token(c, c.claims()), c.expected), context(c))
    expect(results.filter((r) => !r.pass)).toEqual([])
    expect(results.map((r) => r.rule)).toContain('signature')
  })

  it('refuses a token signed with another key', async () => {
    const t = await token(c, c.claims(), { key: c.wrongSign })
    expect(failures(await check(c.deliver(t, c.expected), context(c)))).toEqual(['signature'])
  })

  it('refuses a token signed with the right key but another algorithm', async () => {
    const alg = c.alg === 'HS256' ? 'HS384' : c.alg === 'HS512' ? 'HS384' : 'HS256'
    const key = hs(c.alg.startsWith('HS') ? secret : 'k'.repeat(32))
    const t = await token(c, c.claims(), { key, header: { alg, ...(c.typ ? { typ: c.typ } : {}) } })
    expect(failures(await check(c.deliver(t, c.expected), context(c)))).toContain('header.alg')
  })

  if (c.clock.includes('future-iat')) {
    it('refuses an iat from the future (clock skew)', async () => {
      const t = await token(c, { ...c.claims(), iat: nowS + 120 })
      expect(failures(await check(c.deliver(t, c.expected), context(c)))).toEqual(['clock.iat'])
    })
  }
  if (c.clock.includes('old-iat')) {
    it('refuses an iat older than the window', async () => {
      const t = await token(c, { ...c.claims(), iat: nowS - 200 })
      expect(failures(await check(c.deliver(t, c.expected), context(c)))).toEqual(['clock.iat'])
    })
  }
  if (c.clock.includes('expired')) {
    it('refuses an expired exp', async () => {
      const t = await token(c, { ...c.claims(), exp: nowS - 60 })
      expect(failures(await check(c.deliver(t, c.expected), context(c)))).toEqual(['clock.exp'])
    })
  }
  if (c.replay) {
    const rule = c.replay
    it(`refuses a replay (${rule})`, async () => {
      const used = new Set<string>()
      const delivery = c.deliver(await token(c, c.claims()), c.expected)
      const asked: string[] = []
      const seen = (id: string) => (asked.push(id), used.has(id))
      expect(failures(await check(delivery, context(c, { seen })))).toEqual([])
      // What a fake does on acceptance: commit the ids the check asked about.
      for (const id of asked) used.add(id)
      expect(failures(await check(delivery, context(c, { seen })))).toContain(rule)
    })
  }
  for (const name of c.required) {
    it(`refuses a token without ${name}`, async () => {
      const claims: JWTPayload = { ...c.claims() }
      delete claims[name]
      expect(
        failures(await check(c.deliver(await token(c, claims), c.expected), context(c))),
      ).toContain(`claim.${name}`)
    })
  }
  if (c.tamper) {
    const name = c.tamper
    it(`refuses a changed ${name}`, async () => {
      const tampered = {
        ...c.expected,
        [name]: name === 'companyID' || name === 'state' ? 'evil' : '/elsewhere',
      }
      const results = await check(c.deliver(await token(c, c.claims()), tampered), context(c))
      expect(failures(results)).toContain(`roundtrip.${name}`)
    })
  }
  if (c.typRequired) {
    it('refuses a header without typ, or with another typ', async () => {
      const none = await token(c, c.claims(), { header: { alg: c.alg } })
      expect(failures(await check(c.deliver(none, c.expected), context(c)))).toEqual(['header.typ'])
      const other = await token(c, c.claims(), { header: { alg: c.alg, typ: 'at+jwt' } })
      expect(failures(await check(c.deliver(other, c.expected), context(c)))).toEqual([
        'header.typ',
      ])
    })
  }
})
