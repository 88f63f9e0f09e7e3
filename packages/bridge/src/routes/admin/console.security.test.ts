/** The console against forged, cross-site, anonymous, guessing and hostile requests. */
import { describe, expect, it } from 'vitest'
import { createAdminServices } from '../../admin/services.js'
import { getApp } from '../../domain/apps.js'
import {
  createTestBridge,
  ISSUER,
  signInWithPassword,
  testConfig,
} from '../../testing/bridge-fixture.js'
import type { CapturedLogs } from '../../testing/log-capture.js'
import { TestBrowser } from '../../testing/test-browser.js'
import { ADMIN, consoleBridge, formFields, post } from '../../testing/admin-console-test-kit.js'

const patch = (csrf: string) => ({
  csrf,
  name: 'Hacked',
  callbackUrls: 'http://127.0.0.1:4001/sso/callback',
  alg: 'HS256',
  connections: 'staff',
})

// What each refusal logs (its code and log-only message): a 403 alone cannot tell them apart.
const crossOrigin = { code: 'csrf_failed', msg: 'console form posted from another origin' }
const tokenMismatch = { code: 'csrf_failed', msg: 'console CSRF token mismatch' }
const noSession = { code: 'csrf_failed', msg: 'console POST without an admin session' }
const loginWithoutCookie = {
  code: 'csrf_failed',
  msg: 'admin sign-in form without its CSRF cookie',
}

/**
 * The refusal behind an error page: its status, the code it shows, and the log line of the same
 * request (found by the reference the page gives, as an operator would).
 */
async function refusalOf(response: Response, logs: CapturedLogs) {
  const html = await response.text()
  const [, shownCode, reference] =
    /Error <code>([^<]*)<\/code> · reference <code>([^<]*)<\/code>/.exec(html) ?? []
  const line = logs.lines.find((l) => reference !== undefined && l.requestId === reference)
  return { status: response.status, shownCode, code: line?.code, msg: line?.msg }
}

const refused = (why: { code: string; msg: string }) => ({
  status: 403,
  shownCode: why.code,
  ...why,
})

describe('console CSRF and sessions', () => {
  it('refuses a change without the CSRF token, with a wrong one, or from another origin', async () => {
    const { bridge, signIn, csrfOf, logs } = await consoleBridge()
    const { browser } = await signIn()
    const csrf = await csrfOf(browser)
    const noCsrf: Record<string, string> = { ...patch(csrf) }
    delete noCsrf.csrf
    const attempts: [Record<string, string>, Record<string, string>, typeof crossOrigin][] = [
      [{ ...patch(csrf), csrf: '' }, {}, tokenMismatch],
      [{ ...patch(csrf), csrf: 'x'.repeat(43) }, {}, tokenMismatch],
      [noCsrf, {}, tokenMismatch],
      [patch(csrf), { Origin: 'https://evil.example' }, crossOrigin],
      [patch(csrf), { Origin: 'null' }, crossOrigin],
      [patch(csrf), { 'Sec-Fetch-Site': 'cross-site' }, crossOrigin],
      [patch(csrf), { 'Sec-Fetch-Site': 'same-site' }, crossOrigin],
    ]
    for (const [i, [fields, headers, why]] of attempts.entries()) {
      const response = await post(browser, '/admin/apps/shop', fields, headers)
      expect(await refusalOf(response, logs), `attempt ${i}`).toEqual(refused(why))
    }
    expect((await getApp(bridge.storage, 'shop'))?.name).toBe('Shop')
    // The real thing works, so the refusals above were about CSRF.
    expect((await post(browser, '/admin/apps/shop', patch(csrf))).status).toBe(303)
  })

  it('refuses changes and pages without an admin session, whatever other cookies say', async () => {
    const { bridge, signIn, csrfOf, logs } = await consoleBridge()
    const user = bridge.browser()
    await signInWithPassword(user) // an end user's bridge session is not an admin session
    expect((await user.get('/admin/apps')).status).toBe(303)
    expect(await refusalOf(await post(user, '/admin/apps/shop', patch('x')), logs)).toEqual(
      refused(noSession),
    )
    const { browser } = await signIn()
    const csrf = await csrfOf(browser)
    const stolen = new Map(browser.cookies)
    await post(browser, '/admin/logout', { csrf })
    const replay = new TestBrowser(bridge.app, ISSUER, stolen)
    expect((await replay.get('/admin')).status).toBe(303)
    expect(await refusalOf(await post(replay, '/admin/apps/shop', patch(csrf)), logs)).toEqual(
      refused(noSession),
    )
  })

  it('refuses a sign-in form without its own CSRF cookie, or from another site', async () => {
    const { bridge, logs } = await consoleBridge()
    const browser = bridge.browser()
    const form = formFields(await (await browser.get('/admin/login')).text(), '/admin/login')
    const fresh = bridge.browser()
    expect(await refusalOf(await post(fresh, '/admin/login', { ...form, ...ADMIN }), logs)).toEqual(
      refused(loginWithoutCookie),
    )
    const crossSite = await post(
      browser,
      '/admin/login',
      { ...form, ...ADMIN },
      { Origin: 'https://evil.example' },
    )
    expect(await refusalOf(crossSite, logs)).toEqual(refused(crossOrigin))
  })

  it('throttles password guessing per admin account', async () => {
    const { signIn } = await consoleBridge()
    for (let i = 0; i < 5; i++) {
      const { response } = await signIn(undefined, { ...ADMIN, password: `guess number ${i}` })
      expect(response.status).toBe(401)
    }
    const { response } = await signIn()
    expect(response.status).toBe(429)
    expect(await response.text()).toContain('Too many failed attempts')
  })
})

describe('console pages', () => {
  it('send a strict CSP, no framing, no caching, and escape what admins typed', async () => {
    const { bridge, signIn } = await consoleBridge()
    const admin = createAdminServices({ ...bridge.services, issuer: ISSUER })
    await admin.apps.update({ type: 'cli', id: 't' }, 'shop', {
      name: '<script>alert(1)</script>"',
    })
    const { browser } = await signIn()
    const response = await browser.get('/admin/apps')
    const csp = response.headers.get('Content-Security-Policy') ?? ''
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).toMatch(/script-src 'nonce-[^']+'/)
    expect(csp).not.toContain('unsafe-inline')
    expect(response.headers.get('Cache-Control')).toBe('no-store')
    expect(response.headers.get('X-Frame-Options')).toBe('DENY')
    const html = await response.text()
    expect(html).not.toContain('<script>alert(1)')
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&quot;')
    expect(html).not.toMatch(/ on[a-z]+="/)
  })

  it('use __Host- cookies, Secure and SameSite=Strict, on https', async () => {
    const bridge = await createTestBridge({
      config: testConfig({ issuer: 'https://sso.example.com' }),
    })
    const response = await bridge.app.request('https://sso.example.com/admin/login')
    expect(response.headers.get('Set-Cookie')).toMatch(
      /^__Host-ssobridge_admin_login=[^;]+; Max-Age=1800; Path=\/; HttpOnly; Secure; SameSite=Strict$/,
    )
  })

  it('refuse oversized forms and show 404 pages for unknown records', async () => {
    const { signIn, csrfOf } = await consoleBridge()
    const { browser } = await signIn()
    const csrf = await csrfOf(browser)
    const big = await post(browser, '/admin/apps/new', { csrf, name: 'x'.repeat(3 * 1024 * 1024) })
    expect(big.status).toBe(413)
    for (const path of [
      '/admin/apps/ghost',
      '/admin/connections/ghost',
      '/admin/users/ghost',
      '/admin/apps/%00',
    ])
      expect((await browser.get(path)).status, path).toBe(404)
  })
})
