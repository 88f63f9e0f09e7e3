import { beforeEach, describe, expect, it } from 'vitest'
import { getUser, findUserByEmail, saveUser } from '../domain/users.js'
import {
  ALICE,
  authorizeUrl,
  createTestBridge,
  memoryStorage,
  SHOP_CALLBACK,
  signInWithPassword,
} from '../testing/bridge-fixture.js'
import { readForm, type TestBrowser } from '../testing/test-browser.js'

let bridge: Awaited<ReturnType<typeof createTestBridge>>
beforeEach(async () => {
  bridge = await createTestBridge()
})

async function countTransactions() {
  return (await bridge.storage.list('login-tx')).length
}

/** An app-level error: shown on the bridge, never a redirect, and nothing stored. */
async function expectErrorPage(response: Response, code: string, status = 400) {
  expect(response.status).toBe(status)
  expect(response.headers.get('Location')).toBeNull()
  const html = await response.text()
  expect(html).toContain(`<code>${code}</code>`)
  expect(html).not.toMatch(/at .*\.ts:\d+/) // no stack trace
  expect(await countTransactions()).toBe(0)
}

describe('/authorize refuses what does not belong to the app', () => {
  it('refuses a missing or unknown app', async () => {
    await expectErrorPage(await bridge.app.request('/authorize?state=x'), 'invalid_request')
    await expectErrorPage(await bridge.app.request(authorizeUrl({ app: 'nope' })), 'unknown_app')
    await expectErrorPage(
      await bridge.app.request(authorizeUrl({ app: '../shop' })),
      'invalid_request',
    )
  })

  it.each([
    ['scheme', 'https://127.0.0.1:4001/sso/callback'],
    ['host', 'http://127.0.0.2:4001/sso/callback'],
    ['port', 'http://127.0.0.1:4002/sso/callback'],
    ['path', 'http://127.0.0.1:4001/sso/callback2'],
    ['trailing slash', 'http://127.0.0.1:4001/sso/callback/'],
    ['case', 'http://127.0.0.1:4001/SSO/callback'],
    ['query', 'http://127.0.0.1:4001/sso/callback?next=1'],
    ['fragment', 'http://127.0.0.1:4001/sso/callback#x'],
    ['userinfo', 'http://127.0.0.1:4001@evil.example/sso/callback'],
    ['userinfo on the real host', 'http://evil@127.0.0.1:4001/sso/callback'],
    ['encoded', 'http://127.0.0.1:4001/sso/%63allback'],
    ['another app', 'http://127.0.0.1:4002/sso/callback'],
  ])('refuses a redirect_uri differing by %s', async (_, redirectUri) => {
    await expectErrorPage(
      await bridge.app.request(authorizeUrl({ redirect_uri: redirectUri })),
      'invalid_redirect_uri',
    )
  })

  it('requires redirect_uri when the app has several callbacks', async () => {
    await expectErrorPage(
      await bridge.app.request(authorizeUrl({ app: 'forum' })),
      'invalid_redirect_uri',
    )
  })

  it.each([
    'https://evil.example/',
    '//evil.example/',
    '/\\evil.example/',
    '\\\\evil.example',
    'javascript:alert(1)',
    'data:text/html,hi',
    'http://127.0.0.1:4002/',
    'http://user:pw@127.0.0.1:4001/',
  ])('refuses return_to %s', async (returnTo) => {
    await expectErrorPage(
      await bridge.app.request(authorizeUrl({ return_to: returnTo })),
      'invalid_return_to',
    )
  })

  it('refuses oversized, repeated and malformed parameters', async () => {
    const big = 'x'.repeat(4097)
    await expectErrorPage(
      await bridge.app.request(authorizeUrl({ return_to: big })),
      'invalid_request',
    )
    await expectErrorPage(await bridge.app.request(authorizeUrl({ state: big })), 'invalid_request')
    await expectErrorPage(await bridge.app.request(authorizeUrl({ state: '' })), 'invalid_request')
    await expectErrorPage(
      await bridge.app.request(authorizeUrl({ prompt: 'consent' })),
      'invalid_request',
    )
    await expectErrorPage(
      await bridge.app.request(`${authorizeUrl({})}&app=forum`),
      'invalid_request',
    )
    await expectErrorPage(
      await bridge.app.request(authorizeUrl({ connection: 'partners' })),
      'invalid_request',
    )
  })

  it('puts security headers on error pages', async () => {
    const response = await bridge.app.request(authorizeUrl({ app: 'nope' }))
    expect(response.headers.get('Content-Security-Policy')).toContain("frame-ancestors 'none'")
    expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff')
    expect(response.headers.get('Cache-Control')).toBe('no-store')
  })
})

describe('the login form', () => {
  async function openForm(browser: TestBrowser) {
    const start = await browser.get(authorizeUrl({}))
    const txUrl = start.headers.get('Location')!
    const form = readForm(await (await browser.get(txUrl)).text())
    return { txUrl, fields: form.fields }
  }

  it('gives the same answer for an unknown user and a wrong password', async () => {
    const browser = bridge.browser()
    const { fields } = await openForm(browser)
    const unknown = await browser.post('/login', {
      ...fields,
      email: 'nobody@example.com',
      password: 'whatever1',
    })
    const second = readForm(await unknown.clone().text()).fields
    const wrong = await browser.post('/login', {
      ...second,
      email: ALICE.email,
      password: 'wrong-password',
    })
    expect(unknown.status).toBe(401)
    expect(wrong.status).toBe(401)
    const message = (html: string) => /role="alert">([^<]*)</.exec(html)?.[1]
    const [a, b] = [message(await unknown.text()), message(await wrong.text())]
    expect(a).toBe('Wrong email or password.')
    expect(b).toBe(a)
  })

  it('refuses a disabled user with the same answer', async () => {
    const alice = (await findUserByEmail(bridge.storage, 'staff', ALICE.email))!
    await saveUser(bridge.storage, { ...alice, disabled: true })
    const response = await signInWithPassword(bridge.browser())
    expect(response.status).toBe(401)
    expect(await response.text()).toContain('Wrong email or password.')
  })

  it('refuses a missing, wrong or reused CSRF token and changes nothing', async () => {
    const browser = bridge.browser()
    const { fields } = await openForm(browser)
    const { csrf: _, ...withoutCsrf } = fields
    expect((await browser.post('/login', { ...withoutCsrf, ...ALICE })).status).toBe(400)
    expect((await browser.post('/login', { ...fields, csrf: 'forged', ...ALICE })).status).toBe(403)
    // A failed attempt rotates the token: the old one is now spent.
    await browser.post('/login', { ...fields, email: ALICE.email, password: 'wrong-password' })
    const reused = await browser.post('/login', { ...fields, ...ALICE })
    expect(reused.status).toBe(403)
    expect(await reused.text()).toContain('csrf_failed')
    expect(await bridge.storage.list('session')).toHaveLength(0)
  })

  it('refuses a transaction from another browser (login CSRF)', async () => {
    const attacker = bridge.browser()
    const { txUrl, fields } = await openForm(attacker)
    const victim = bridge.browser()
    expect((await victim.get(txUrl)).status).toBe(403)
    const response = await victim.post('/login', { ...fields, ...ALICE })
    expect(response.status).toBe(403)
    expect(await bridge.storage.list('session')).toHaveLength(0)
  })

  it('refuses a form posted from another origin', async () => {
    const browser = bridge.browser()
    const { fields } = await openForm(browser)
    const response = await browser.post(
      '/login',
      { ...fields, ...ALICE },
      { Origin: 'https://evil.example' },
    )
    expect(response.status).toBe(403)
    // A sandboxed frame posts with an opaque origin.
    expect((await browser.post('/login', { ...fields, ...ALICE }, { Origin: 'null' })).status).toBe(
      403,
    )
    expect(await bridge.storage.list('session')).toHaveLength(0)
  })

  it('refuses a used or expired transaction', async () => {
    const browser = bridge.browser()
    const { txUrl, fields } = await openForm(browser)
    expect((await browser.post('/login', { ...fields, ...ALICE })).status).toBe(200)
    const replay = await browser.post('/login', { ...fields, ...ALICE })
    expect(replay.status).toBe(400)
    expect(await replay.text()).toContain('login_expired')
    expect((await browser.get(txUrl)).status).toBe(400)
    expect((await browser.get('/login?tx=never-issued')).status).toBe(400)
  })

  it('refuses a transaction that has expired', async () => {
    let time = Date.now()
    const clocked = await createTestBridge({ storage: await memoryStorage(() => time) })
    const browser = clocked.browser()
    const start = await browser.get(authorizeUrl({}))
    const form = readForm(await (await browser.get(start.headers.get('Location')!)).text())
    time += 15 * 60 * 1000
    const response = await browser.post('/login', { ...form.fields, ...ALICE })
    expect(response.status).toBe(400)
    expect(await response.text()).toContain('login_expired')
    expect(await clocked.storage.list('session')).toHaveLength(0)
  })

  it('refuses oversized and non-form bodies', async () => {
    const browser = bridge.browser()
    const { fields } = await openForm(browser)
    const huge = await browser.post('/login', {
      ...fields,
      email: ALICE.email,
      password: 'x'.repeat(20_000),
    })
    expect(huge.status).toBe(413)
    const json = await bridge.app.request('/login', {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Cookie: `ssobridge_login=${browser.cookies.get('ssobridge_login')}`,
      },
      body: JSON.stringify({ ...fields, ...ALICE }),
    })
    expect(json.status).toBe(400)
    expect(await bridge.storage.list('session')).toHaveLength(0)
  })

  it('throttles an account after repeated failures, even for the right password', async () => {
    const browser = bridge.browser()
    let { fields } = await openForm(browser)
    for (let i = 0; i < 5; i++) {
      const response = await browser.post('/login', {
        ...fields,
        email: ALICE.email,
        password: `wrong-${i}-pass`,
      })
      expect(response.status).toBe(401)
      fields = readForm(await response.text()).fields
    }
    const blocked = await browser.post('/login', { ...fields, ...ALICE })
    expect(blocked.status).toBe(429)
    expect(await bridge.storage.list('session')).toHaveLength(0)
  })

  it('escapes what it echoes', async () => {
    const browser = bridge.browser()
    const start = await browser.get(authorizeUrl({ login_hint: '"><script>alert(1)</script>' }))
    const html = await (await browser.get(start.headers.get('Location')!)).text()
    expect(html).not.toContain('<script>alert(1)</script>')
    expect(html).toContain('&quot;&gt;&lt;script&gt;')
  })

  it('keeps the user untouched by failed sign-ins', async () => {
    const before = await findUserByEmail(bridge.storage, 'staff', ALICE.email)
    await signInWithPassword(
      bridge.browser(),
      {},
      { email: ALICE.email, password: 'wrong-password' },
    )
    expect(await getUser(bridge.storage, before!.id)).toEqual(before)
  })
})

describe('/logout', () => {
  it('refuses a foreign return_to and keeps the session', async () => {
    const browser = bridge.browser()
    await signInWithPassword(browser)
    const response = await browser.get('/logout?app=shop&return_to=https%3A%2F%2Fevil.example%2F')
    expect(response.status).toBe(400)
    expect(await bridge.storage.list('session')).toHaveLength(1)
    expect(browser.cookies.get('ssobridge_session')).toBeTruthy()
    expect((await browser.get(authorizeUrl({ prompt: 'none' }))).status).toBe(200)
  })

  it('signs out without return_to and shows a page', async () => {
    const browser = bridge.browser()
    await signInWithPassword(browser)
    const response = await browser.get('/logout', { 'Sec-Fetch-Site': 'same-origin' })
    expect(response.status).toBe(200)
    expect(await bridge.storage.list('session')).toHaveLength(0)
  })
})

describe('the form_post page', () => {
  it('escapes a hostile state', async () => {
    const browser = bridge.browser()
    const state = '"><img src=x onerror=alert(1)>'
    const html = await (await signInWithPassword(browser, { state })).text()
    expect(html).not.toContain('<img src=x')
    expect(readForm(html).fields.state).toBe(state)
    expect(readForm(html).action).toBe(SHOP_CALLBACK)
  })
})
