import { decodeProtectedHeader, jwtVerify } from 'jose'
import { describe, expect, it } from 'vitest'
import { parseConfig } from '../config/load-config.js'
import { ALICE, ISSUER, signInWithPassword, testEnv } from '../testing/bridge-fixture.js'
import {
  ACADEMY_JWT_URL,
  CANNY_URL,
  createIntegrationBridge,
  destination,
  HELP_JWT_URL,
  integrationConfig,
  PLATFORM_KEY,
  signInAt,
} from '../testing/integration-fixture.js'
import { readForm } from '../testing/test-browser.js'

const key = new TextEncoder().encode(PLATFORM_KEY)

/** Verifies the way the platforms do: HS256 with the key as-is, nothing else assumed. */
async function platformVerify(token: string) {
  const { payload, protectedHeader } = await jwtVerify(token, key, { algorithms: ['HS256'] })
  return { payload, header: protectedHeader }
}

describe('presets', () => {
  it('thinkific: GET to the JWT endpoint with jwt, return_to and error_url; exactly its claims', async () => {
    const bridge = await createIntegrationBridge()
    const response = await signInAt(bridge.browser(), {
      app: 'academy',
      return_to: 'http://127.0.0.1:4007/courses/intro',
    })
    expect(response.headers.get('Referrer-Policy')).toBe('no-referrer')
    const url = await destination(response)
    expect(url.origin + url.pathname).toBe(ACADEMY_JWT_URL)
    expect([...url.searchParams.keys()].sort()).toEqual(['error_url', 'jwt', 'return_to'])
    expect(url.searchParams.get('return_to')).toBe('http://127.0.0.1:4007/courses/intro')
    expect(url.searchParams.get('error_url')).toBe('http://127.0.0.1:4007/sso-error')
    const { payload, header } = await platformVerify(url.searchParams.get('jwt')!)
    expect(header).toEqual({ alg: 'HS256', typ: 'JWT' })
    expect(payload).toEqual({
      first_name: 'Alice',
      last_name: 'Example',
      email: ALICE.email,
      external_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      iat: expect.any(Number),
    })
  })

  it('zendesk: form POST to /access/jwt with jwt and return_to; exactly its claims', async () => {
    const bridge = await createIntegrationBridge()
    const response = await signInAt(bridge.browser(), {
      app: 'help',
      return_to: 'http://127.0.0.1:4008/hc/en-us',
    })
    const { action, fields } = readForm(await response.text())
    expect(action).toBe(HELP_JWT_URL)
    expect(Object.keys(fields).sort()).toEqual(['jwt', 'return_to'])
    const { payload, header } = await platformVerify(fields.jwt!)
    expect(header).toEqual({ alg: 'HS256', typ: 'JWT' })
    expect(payload).toEqual({
      name: 'Alice Example',
      email: ALICE.email,
      external_id: expect.any(String),
      jti: expect.any(String),
      iat: expect.any(Number),
    })
    expect(Math.abs(payload.iat! - Date.now() / 1000)).toBeLessThan(180)
  })

  it('canny: back to its SSO redirect with ssoToken and redirect, keeping companyID', async () => {
    const bridge = await createIntegrationBridge()
    const start = await bridge.browser().get('/authorize?app=feedback')
    expect(start.status).toBe(302)
    const browser = bridge.browser()
    const response = await signInAt(browser, {
      app: 'feedback',
      redirect: 'http://127.0.0.1:4010/board/ideas',
    })
    const url = await destination(response)
    expect(url.href.startsWith(CANNY_URL)).toBe(true)
    expect(url.searchParams.get('companyID')).toBe('c-42')
    expect(url.searchParams.get('redirect')).toBe('http://127.0.0.1:4010/board/ideas')
    const { payload } = await platformVerify(url.searchParams.get('ssoToken')!)
    // avatarURL is left out: the user has no picture.
    expect(payload).toEqual({ email: ALICE.email, id: expect.any(String), name: 'Alice Example' })
  })

  it('platforms that start a sign-in without state get none back, and no nonce', async () => {
    const bridge = await createIntegrationBridge()
    const browser = bridge.browser()
    const start = await browser.get('/authorize?app=academy')
    expect(start.status).toBe(302)
    const form = readForm(await (await browser.get(start.headers.get('Location')!)).text())
    const done = await browser.post('/login', { ...form.fields, ...ALICE, action: 'sign-in' })
    const url = await destination(done)
    expect(url.searchParams.has('state')).toBe(false)
    const { payload } = await platformVerify(url.searchParams.get('jwt')!)
    expect(payload).not.toHaveProperty('nonce')
  })

  it('keeps the claim mapping overridable: add static values, drop, map attributes', async () => {
    const bridge = await createIntegrationBridge({}, [
      {
        id: 'school',
        callbackUrls: ['http://127.0.0.1:4011/api/sso/v2/sso/jwt'],
        connections: ['staff'],
        preset: 'thinkific',
        signing: { alg: 'HS256', secret: PLATFORM_KEY },
        claims: { external_id: null, company: { value: 'Example Inc' }, role: 'groups' },
      },
    ])
    const url = await destination(await signInAt(bridge.browser(), { app: 'school' }))
    const { payload } = await platformVerify(url.searchParams.get('jwt')!)
    expect(Object.keys(payload).sort()).toEqual([
      'company',
      'email',
      'first_name',
      'iat',
      'last_name',
    ])
    expect(payload.company).toBe('Example Inc')
  })

  it('sends an error after the start to the error URL of the platform', async () => {
    const bridge = await createIntegrationBridge()
    const response = await bridge.browser().get('/authorize?app=academy&prompt=none')
    const url = await destination(response)
    expect(url.origin + url.pathname).toBe('http://127.0.0.1:4007/sso-error')
    expect(url.searchParams.get('error')).toBe('login_required')
    expect(url.searchParams.has('jwt')).toBe(false)
  })
})

describe('query and form_post delivery of a plain app', () => {
  it('query: the token under the app parameter name, with state and return_to', async () => {
    const bridge = await createIntegrationBridge({}, [
      {
        id: 'mo',
        callbackUrls: ['http://127.0.0.1:4012/sso/jwt'],
        connections: ['staff'],
        signing: { alg: 'ES256' },
        delivery: 'query',
        tokenParam: 'id_token',
        claims: { groups: 'groups', tier: { value: 3 }, amr: null },
      },
    ])
    const url = await destination(
      await signInWithPassword(bridge.browser(), {
        app: 'mo',
        state: 'st',
        return_to: 'http://127.0.0.1:4012/after',
      }),
    )
    expect(url.searchParams.get('state')).toBe('st')
    expect(url.searchParams.get('return_to')).toBe('http://127.0.0.1:4012/after')
    const token = url.searchParams.get('id_token')!
    expect(decodeProtectedHeader(token).alg).toBe('ES256')
    const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString())
    expect(payload).toMatchObject({ iss: ISSUER, aud: 'mo', nonce: 'st', tier: 3 })
    expect(payload).not.toHaveProperty('amr')
  })

  it('form_post keeps the documented fields by default', async () => {
    const bridge = await createIntegrationBridge()
    const { fields } = readForm(await (await signInWithPassword(bridge.browser())).text())
    expect(Object.keys(fields).sort()).toEqual(['state', 'token'])
  })
})

describe('integration config', () => {
  const parse = (apps: Record<string, unknown>[]) => () =>
    parseConfig(integrationConfig(apps), testEnv)
  const app = (fields: Record<string, unknown>) => ({
    id: 'x',
    callbackUrls: ['http://127.0.0.1:4013/cb'],
    connections: ['staff'],
    signing: { alg: 'HS256', secret: PLATFORM_KEY },
    ...fields,
  })

  it.each([
    [{ preset: 'zendesk', signing: { alg: 'ES256' } }, 'apps[8].signing.alg'],
    [{ preset: 'canny', delivery: 'code' }, 'apps[8].delivery'],
    [{ delivery: 'code', tokenParam: 'jwt' }, 'apps[8].tokenParam'],
    [{ delivery: 'code', callbackUrls: ['http://127.0.0.1:4013/?a=1'] }, 'apps[8].callbackUrls.0'],
    [{ errorUrl: 'http://127.0.0.1:4013/e' }, 'apps[8].errorUrl'],
    [{ claims: { iss: 'email' } }, 'apps[8].claims.iss'],
    [{ claims: { sub: 'email' } }, 'apps[8].claims.sub'],
    [{ claims: { nonce: null } }, 'apps[8].claims.nonce'],
    [{ claims: { x: 'password' } }, 'apps[8].claims.x'],
    [{ claims: { 'a b': 'email' } }, 'apps[8].claims.a b'],
    [{ tokenParam: 'state' }, 'apps[8].tokenParam'],
    [{ preset: 'moodle' }, 'apps[8].preset'],
    [{ subject: 'random' }, 'apps[8].subject'],
    [{ origins: ['http://127.0.0.1:4013/path'] }, 'apps[8].origins[0]'],
    [{ backchannelLogoutUrl: 'http://evil.example/logout' }, 'apps[8].backchannelLogoutUrl'],
  ])('refuses %j at %s', (fields, path) => {
    expect(parse([app(fields)])).toThrow(path)
  })

  it('fills delivery defaults from the preset', () => {
    const config = parseConfig(integrationConfig(), testEnv)
    const byId = Object.fromEntries(config.apps.map((a) => [a.id, a]))
    expect(byId.shop).toMatchObject({ delivery: 'form_post', subject: 'public' })
    expect(byId.academy).toMatchObject({ delivery: 'query', tokenParam: 'jwt' })
    expect(byId.help).toMatchObject({ delivery: 'form_post', tokenParam: 'jwt' })
    expect(byId.feedback).toMatchObject({ tokenParam: 'ssoToken', returnToParam: 'redirect' })
  })
})
