/**
 * The fakes over real HTTP on 127.0.0.1: each starts a sign-in as its platform does, accepts a
 * delivery made here (jose / node:crypto, not the bridge), records the claims it saw and signs the
 * visitor in; it refuses a wrong key the way its platform answers, and a replay where the
 * platform takes things once.
 */
import {
  createCipheriv,
  createHash,
  createHmac,
  generateKeyPairSync,
  randomBytes,
  randomUUID,
} from 'node:crypto'
import { SignJWT, type JWTPayload } from 'jose'
import { afterEach, describe, expect, it } from 'vitest'
import type { PlatformName } from '../../platforms/checks/index.js'
import { startPlatformFake, type PlatformFake } from './index.js'

const secret = 'fake-platform-secret-0123456789'
const ed = generateKeyPairSync('ed25519')
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 })
const pub = (k: typeof ed.publicKey) => String(k.export({ type: 'spki', format: 'pem' }))
const s = () => Math.floor(Date.now() / 1000)
const bridge = 'http://localhost:9/sign-in'

interface Request {
  method: 'GET' | 'POST'
  url: string
  form?: Record<string, string>
}
type Build = (fake: PlatformFake, rt: URLSearchParams, key: 'right' | 'wrong') => Promise<Request>

const hs = (claims: JWTPayload, key: 'right' | 'wrong', alg = 'HS256', typ = true) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg, ...(typ ? { typ: 'JWT' } : {}) })
    .sign(new TextEncoder().encode(key === 'right' ? secret : 'wrong-secret'))
const qs = (p: Record<string, string>) => new URLSearchParams(p).toString()
const user = { email: 'ada@example.com', name: 'Ada Lovelace' }

function multipass(customer: object, key: string) {
  const m = createHash('sha256').update(key).digest()
  const iv = randomBytes(16)
  const c = createCipheriv('aes-128-cbc', m.subarray(0, 16), iv)
  const body = Buffer.concat([iv, c.update(JSON.stringify(customer)), c.final()])
  return Buffer.concat([body, createHmac('sha256', m.subarray(16)).update(body).digest()]).toString(
    'base64url',
  )
}

const platforms: Array<{
  platform: PlatformName
  saw: Record<string, unknown>
  key?: string
  account?: Record<string, string>
  build: Build
  once: boolean
  refusedStatus: number
}> = [
  {
    platform: 'thinkific',
    saw: { email: user.email, last_name: 'Lovelace' },
    once: false,
    refusedStatus: 302,
    build: async (f, rt, k) => ({
      method: 'GET',
      url: `${f.endpoint}?${qs({ jwt: await hs({ ...user, first_name: 'Ada', last_name: 'Lovelace', iat: s() }, k), return_to: rt.get('return_to') ?? '', error_url: 'http://localhost:9/error' })}`,
    }),
  },
  {
    platform: 'zendesk',
    saw: { email: user.email },
    once: true,
    refusedStatus: 302,
    account: { remote_login_url: bridge },
    build: async (f, rt, k) => ({
      method: 'POST',
      url: f.endpoint,
      form: {
        jwt: await hs({ ...user, iat: s(), jti: randomUUID() }, k),
        return_to: rt.get('return_to') ?? '',
      },
    }),
  },
  {
    platform: 'canny',
    saw: { id: 'u1' },
    once: false,
    refusedStatus: 401,
    account: { companyID: 'co-1' },
    build: async (f, rt, k) => ({
      method: 'GET',
      url: `${f.endpoint}?${qs({ companyID: rt.get('companyID') ?? '', ssoToken: await hs({ ...user, id: 'u1' }, k), redirect: rt.get('redirect') ?? '' })}`,
    }),
  },
  {
    platform: 'discourse',
    saw: { external_id: 'u1', email: user.email },
    once: true,
    refusedStatus: 422,
    build: async (f, rt, k) => {
      const nonce =
        new URLSearchParams(Buffer.from(rt.get('sso') ?? '', 'base64').toString()).get('nonce') ??
        ''
      const sso = Buffer.from(qs({ nonce, external_id: 'u1', email: user.email })).toString(
        'base64',
      )
      const sig = createHmac('sha256', k === 'right' ? secret : 'wrong')
        .update(sso)
        .digest('hex')
      return { method: 'GET', url: `${f.endpoint}?${qs({ sso, sig })}` }
    },
  },
  {
    platform: 'bigcommerce',
    saw: { customer_id: 1 },
    once: true,
    refusedStatus: 302,
    account: { client_id: 'cid', store_hash: 'abc123', api_token: 't' },
    build: async (f, _rt, k) => ({
      method: 'GET',
      url:
        f.endpoint +
        (await hs(
          {
            iss: 'cid',
            iat: s(),
            jti: randomUUID(),
            operation: 'customer_login',
            store_hash: 'abc123',
            customer_id: 1,
            redirect_to: '/cart.php',
          },
          k,
        )),
    }),
  },
  {
    platform: 'shopify',
    saw: { email: user.email },
    once: true,
    refusedStatus: 302,
    build: async (f, _rt, k) => ({
      method: 'GET',
      url:
        f.endpoint +
        multipass(
          {
            email: user.email,
            created_at: new Date().toISOString(),
            return_to: '/collections/all',
          },
          k === 'right' ? secret : 'wrong',
        ),
    }),
  },
  {
    platform: 'gitbook',
    saw: { exp: expect.any(Number) },
    once: false,
    refusedStatus: 401,
    build: async (f, rt, k) => ({
      method: 'GET',
      url: `${f.origin}${rt.get('location') ?? '/'}?${qs({ jwt_token: await hs({ exp: s() + 3600 }, k, 'HS256', false) })}`,
    }),
  },
  {
    platform: 'mintlify',
    saw: { expiresAt: expect.any(Number) },
    once: false,
    refusedStatus: 401,
    key: pub(ed.publicKey),
    build: async (f, rt, k) => {
      const jwt = await new SignJWT({ expiresAt: s() + 86400 })
        .setProtectedHeader({ alg: 'EdDSA' })
        .setExpirationTime(s() + 10)
        .sign(k === 'right' ? ed.privateKey : generateKeyPairSync('ed25519').privateKey)
      // What the callback page's script sends: the href it was loaded at, fragment included.
      const href = `${f.endpoint}?${qs({ redirect: rt.get('redirect') ?? '/' })}#${jwt}`
      return { method: 'GET', url: `${f.origin}/__fake/fragment?${qs({ href })}` }
    },
  },
  {
    platform: 'featurebase',
    saw: { userId: 'u1' },
    once: false,
    refusedStatus: 401,
    build: async (f, rt, k) => ({
      method: 'GET',
      url: `${f.endpoint}?${qs({ jwt: await hs({ ...user, userId: 'u1' }, k), return_to: rt.get('return_to') ?? '' })}`,
    }),
  },
  {
    platform: 'freshworks',
    saw: { sub: 'u1' },
    once: true,
    refusedStatus: 401,
    key: pub(rsa.publicKey),
    build: async (f, rt, k) => {
      const jwt = await new SignJWT({
        sub: 'u1',
        email: user.email,
        iat: s(),
        nonce: rt.get('nonce') ?? '',
      })
        .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
        .sign(
          k === 'right'
            ? rsa.privateKey
            : generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey,
        )
      return {
        method: 'GET',
        url: `${rt.get('redirect_uri') ?? ''}?${qs({ state: rt.get('state') ?? '', id_token: jwt })}`,
      }
    },
  },
  {
    platform: 'readme',
    saw: { email: user.email },
    once: false,
    refusedStatus: 401,
    build: async (f, rt, k) => ({
      method: 'GET',
      url: `${f.origin}/?${qs({ auth_token: await hs({ ...user }, k, 'HS256', false), redirect: rt.get('redirect') ?? '/' })}`,
    }),
  },
  {
    platform: 'helpscout',
    saw: { sub: user.email },
    once: false,
    refusedStatus: 401,
    build: async (f, rt, k) => ({
      method: 'GET',
      url: `${f.endpoint}?${qs({ token: await hs({ sub: user.email, exp: s() + 3600 }, k, 'HS512', false), returnTo: rt.get('returnTo') ?? '/' })}`,
    }),
  },
]

let fake: PlatformFake | undefined
afterEach(async () => {
  await fake?.close()
  fake = undefined
})

const send = (r: Request, cookie?: string) =>
  fetch(r.url, {
    method: r.method,
    redirect: 'manual',
    headers: {
      ...(r.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      ...(cookie ? { cookie } : {}),
    },
    ...(r.form ? { body: qs(r.form) } : {}),
  })

describe.each(platforms)(
  '$platform fake',
  ({ platform, saw, key, account, build, once, refusedStatus }) => {
    it('accepts a correct delivery, records its claims, and signs the visitor in', async () => {
      fake = await startPlatformFake({ platform, key: key ?? secret, account, signInUrl: bridge })
      const started = new URL(fake.start('/wanted/page'))
      expect(started.origin + started.pathname).toBe(bridge)
      const res = await send(await build(fake, started.searchParams, 'right'))
      expect(fake.refused.map((r) => r.failed)).toEqual([])
      expect(res.status).toBe(302)
      expect(fake.accepted).toHaveLength(1)
      expect(fake.accepted[0]?.claims).toMatchObject(saw)
      const landing = new URL(res.headers.get('location') ?? '', fake.origin)
      expect(landing.origin).toBe(fake.origin)
      const page = await fetch(landing, {
        headers: { cookie: res.headers.get('set-cookie')?.split(';')[0] ?? '' },
      })
      expect(await page.text()).toMatch(/signed in as /)
    })

    it('refuses a delivery made with another key, as the platform answers', async () => {
      fake = await startPlatformFake({ platform, key: key ?? secret, account, signInUrl: bridge })
      const started = new URL(fake.start('/wanted/page'))
      const res = await send(await build(fake, started.searchParams, 'wrong'))
      expect(res.status).toBe(refusedStatus)
      expect(fake.accepted).toEqual([])
      expect(fake.refused[0]?.failed).toEqual(['signature'])
      if (platform === 'zendesk') {
        const back = new URL(res.headers.get('location') ?? '')
        expect(back.origin + back.pathname).toBe(bridge)
        expect(back.searchParams.get('kind')).toBe('error')
        expect(back.searchParams.get('message')).toMatch(/^signature: /)
      }
      if (platform === 'bigcommerce') expect(res.headers.get('location')).toMatch(/^\/login\.php/)
    })

    if (once) {
      it('refuses the same delivery a second time', async () => {
        fake = await startPlatformFake({ platform, key: key ?? secret, account, signInUrl: bridge })
        const started = new URL(fake.start('/wanted/page'))
        const request = await build(fake, started.searchParams, 'right')
        expect((await send(request)).status).toBe(302)
        await send(request)
        expect(fake.accepted).toHaveLength(1)
        expect(
          fake.refused[0]?.failed.some(
            (rule) => rule.startsWith('replay.') || rule.startsWith('roundtrip.'),
          ),
        ).toBe(true)
      })
    }
  },
)

describe('mintlify fake', () => {
  it('serves a callback page whose script hands the fragment over, as Mintlify reads it in the browser', async () => {
    fake = await startPlatformFake({ platform: 'mintlify', key: pub(ed.publicKey) })
    const res = await fetch(`${fake.endpoint}?redirect=%2Fp`)
    expect(await res.text()).toContain(
      "location.replace('/__fake/fragment?href=' + encodeURIComponent(location.href))",
    )
  })
})

describe('discourse fake', () => {
  it('refuses an answer to a sign-in it never started', async () => {
    fake = await startPlatformFake({ platform: 'discourse', key: secret })
    const sso = Buffer.from(
      qs({ nonce: 'made-up', external_id: 'u1', email: user.email }),
    ).toString('base64')
    const sig = createHmac('sha256', secret).update(sso).digest('hex')
    const res = await fetch(`${fake.endpoint}?${qs({ sso, sig })}`, { redirect: 'manual' })
    expect(res.status).toBe(422)
    expect(fake.refused[0]?.failed).toEqual(['roundtrip.nonce'])
  })
})
