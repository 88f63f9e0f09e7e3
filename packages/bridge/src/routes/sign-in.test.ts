import { createLocalJWKSet, decodeJwt, jwtVerify } from 'jose'
import { beforeEach, describe, expect, it } from 'vitest'
import {
  ALICE,
  authorizeUrl,
  createTestBridge,
  FORUM_CALLBACK,
  ISSUER,
  SHOP_CALLBACK,
  SHOP_SECRET,
  signInWithPassword,
  testConfig,
} from '../testing/bridge-fixture.js'
import { readForm, TestBrowser } from '../testing/test-browser.js'

let bridge: Awaited<ReturnType<typeof createTestBridge>>
beforeEach(async () => {
  bridge = await createTestBridge()
})

describe('sign-in with the local store', () => {
  it('posts an HS256 token with the documented claims to the callback', async () => {
    const browser = bridge.browser()
    const response = await signInWithPassword(browser, { return_to: 'http://127.0.0.1:4001/cart' })
    expect(response.status).toBe(200)
    expect(response.headers.get('Cache-Control')).toBe('no-store')
    expect(response.headers.get('Referrer-Policy')).toBe('no-referrer')
    expect(response.headers.get('Content-Security-Policy')).toContain(
      "form-action 'self' http://127.0.0.1:4001",
    )
    const { action, fields } = readForm(await response.text())
    expect(action).toBe(SHOP_CALLBACK)
    expect(fields.state).toBe('state-123')
    expect(fields.return_to).toBe('http://127.0.0.1:4001/cart')
    const { payload, protectedHeader } = await jwtVerify(
      fields.token as string,
      new TextEncoder().encode(SHOP_SECRET),
      {
        issuer: ISSUER,
        audience: 'shop',
        algorithms: ['HS256'],
      },
    )
    expect(protectedHeader).toEqual({ alg: 'HS256', typ: 'JWT' })
    expect(payload).toMatchObject({
      nonce: 'state-123',
      email: ALICE.email,
      email_verified: true,
      name: 'Alice Example',
      given_name: 'Alice',
      family_name: 'Example',
      idp: 'staff',
      amr: ['pwd'],
    })
    expect(payload.exp! - payload.iat!).toBe(120)
    expect(typeof payload.jti).toBe('string')
    expect(payload.auth_time).toBeLessThanOrEqual(payload.iat!)
    expect(payload.sub).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('reuses the bridge session for a second app without a password, signed with ES256', async () => {
    const browser = bridge.browser()
    const first = readForm(await (await signInWithPassword(browser)).text())
    const second = await browser.get(
      authorizeUrl({ app: 'forum', redirect_uri: FORUM_CALLBACK, state: 's2' }),
    )
    expect(second.status).toBe(200)
    const { action, fields } = readForm(await second.text())
    expect(action).toBe(FORUM_CALLBACK)
    const jwks = createLocalJWKSet(
      await (await bridge.app.request('/.well-known/jwks.json')).json(),
    )
    const { payload, protectedHeader } = await jwtVerify(fields.token as string, jwks, {
      issuer: ISSUER,
      audience: 'forum',
      algorithms: ['ES256'],
    })
    expect(protectedHeader.kid).toBeTruthy()
    expect(payload.nonce).toBe('s2')
    expect(payload.exp! - payload.iat!).toBe(60)
    expect(payload.sub).toBe(decodeJwt(first.fields.token as string).sub)
  })

  it('signs in again when the app asks for prompt=login, with a fresh session id', async () => {
    const browser = bridge.browser()
    await signInWithPassword(browser)
    const before = browser.cookies.get('ssobridge_session')
    const again = await browser.get(authorizeUrl({ prompt: 'login' }))
    expect(again.status).toBe(302)
    expect(again.headers.get('Location')).toMatch(/^\/login\?tx=/)
    await signInWithPassword(browser, { prompt: 'login' })
    const after = browser.cookies.get('ssobridge_session')
    expect(after).toBeTruthy()
    expect(after).not.toBe(before)
  })

  it('answers prompt=none without a session with login_required at the callback', async () => {
    const response = await bridge.browser().get(authorizeUrl({ prompt: 'none', state: 'quiet' }))
    expect(response.status).toBe(200)
    const { action, fields } = readForm(await response.text())
    expect(action).toBe(SHOP_CALLBACK)
    expect(fields).toMatchObject({ error: 'login_required', state: 'quiet' })
    expect(fields.token).toBeUndefined()
  })

  it('does not reuse a session from a connection the app does not accept', async () => {
    const browser = bridge.browser()
    await signInWithPassword(browser)
    const response = await browser.get(
      authorizeUrl({
        app: 'partner-portal',
        redirect_uri: 'http://127.0.0.1:4003/cb',
        prompt: 'none',
      }),
    )
    expect(readForm(await response.text()).fields.error).toBe('login_required')
  })

  it('delivers access_denied when the user cancels, and the transaction is gone', async () => {
    const browser = bridge.browser()
    const start = await browser.get(authorizeUrl({ state: 'cancelled' }))
    const form = readForm(await (await browser.get(start.headers.get('Location')!)).text())
    const response = await browser.post('/login', { ...form.fields, action: 'cancel' })
    expect(readForm(await response.text()).fields).toMatchObject({
      error: 'access_denied',
      state: 'cancelled',
    })
    const again = await browser.post('/login', { ...form.fields, ...ALICE, action: 'sign-in' })
    expect(again.status).toBe(400)
    expect(await again.text()).toContain('login_expired')
  })

  it('ends the session on /logout, after which prompt=none says login_required', async () => {
    const browser = bridge.browser()
    const token = readForm(await (await signInWithPassword(browser)).text()).fields.token!
    const sid = decodeJwt(token).sid as string
    const out = await browser.get(
      `/logout?app=shop&sid=${sid}&return_to=http%3A%2F%2F127.0.0.1%3A4001%2F`,
    )
    expect(out.status).toBe(303)
    expect(out.headers.get('Location')).toBe('http://127.0.0.1:4001/')
    const response = await browser.get(authorizeUrl({ prompt: 'none' }))
    expect(readForm(await response.text()).fields.error).toBe('login_required')
  })
})

describe('cookies on an https issuer', () => {
  it('uses __Host- prefixed, Secure, HttpOnly, SameSite=Lax cookies', async () => {
    const https = await createTestBridge({
      config: { ...testConfig(), issuer: 'https://sso.example' },
    })
    const browser = new TestBrowser(https.app, 'https://sso.example')
    const start = await browser.get(authorizeUrl({}))
    const loginCookie = start.headers.getSetCookie()[0]!
    expect(loginCookie).toMatch(
      /^__Host-ssobridge_login=[\w-]{43}; Max-Age=900; Path=\/; HttpOnly; Secure; SameSite=Lax$/,
    )
    const form = readForm(await (await browser.get(start.headers.get('Location')!)).text())
    const done = await browser.post('/login', { ...form.fields, ...ALICE })
    const session = done.headers
      .getSetCookie()
      .find((c) => c.startsWith('__Host-ssobridge_session='))
    expect(session).toMatch(/; Path=\/; HttpOnly; Secure; SameSite=Lax$/)
    expect(readForm(await done.text()).fields.token).toBeTruthy()
  })
})
