import { decodeJwt } from 'jose'
import { beforeEach, describe, expect, it } from 'vitest'
import { authorizeUrl, createTestBridge, signInWithPassword } from '../testing/bridge-fixture.js'
import { readForm, type TestBrowser } from '../testing/test-browser.js'

const SHOP = 'http://127.0.0.1:4001/'
const RETURN = `return_to=${encodeURIComponent(SHOP)}`
const CROSS_SITE = { 'Sec-Fetch-Site': 'cross-site' }

let bridge: Awaited<ReturnType<typeof createTestBridge>>
beforeEach(async () => {
  bridge = await createTestBridge()
})

/** Signs a browser in and returns it with the `sid` its shop token carries. */
async function signedIn() {
  const browser = bridge.browser()
  const token = readForm(await (await signInWithPassword(browser)).text()).fields.token!
  return { browser, sid: decodeJwt(token).sid as string }
}

async function stillSignedIn(browser: TestBrowser) {
  const again = await browser.get(authorizeUrl({ prompt: 'none' }))
  return readForm(await again.text()).fields.token !== undefined
}

async function expectRefused(response: Response, code: string, status: number) {
  expect(response.status).toBe(status)
  expect(await response.text()).toContain(`<code>${code}</code>`)
}

describe('GET /logout from another site', () => {
  it.each([
    ['a link from any site', `/logout?app=shop&${RETURN}`, CROSS_SITE],
    ['no Sec-Fetch-Site at all', `/logout?app=shop&${RETURN}`, {}],
    ['a sibling site', `/logout?app=shop&${RETURN}`, { 'Sec-Fetch-Site': 'same-site' }],
    ['a wrong sid', `/logout?app=shop&sid=forged&${RETURN}`, CROSS_SITE],
  ])('asks first on %s, and changes nothing', async (_, path, headers) => {
    const { browser } = await signedIn()
    const response = await browser.get(path, headers)
    expect(response.status).toBe(200)
    expect(response.headers.get('Location')).toBeNull()
    const html = await response.text()
    expect(html).toContain('Sign out?')
    // CSP-safe: a plain form, no script; its answer may redirect to the site's origin only.
    expect(html).not.toContain('<script')
    const csp = response.headers.get('Content-Security-Policy')!
    expect(csp).toContain("form-action 'self' http://127.0.0.1:4001;")
    expect(csp).toContain("script-src 'nonce-")
    const form = readForm(html)
    expect(form.action).toBe('/logout')
    expect(form.fields).toEqual({ csrf: expect.any(String), app: 'shop', return_to: SHOP })
    expect(await bridge.storage.list('session')).toHaveLength(1)
    expect(await stillSignedIn(browser)).toBe(true)
  })

  it('refuses the sid of another session', async () => {
    const { browser } = await signedIn()
    const other = await signedIn()
    const response = await browser.get(`/logout?sid=${other.sid}`, CROSS_SITE)
    expect(await response.text()).toContain('Sign out?')
    expect(await stillSignedIn(browser)).toBe(true)
    expect(await stillSignedIn(other.browser)).toBe(true)
  })

  it('refuses a malformed sid before anything', async () => {
    const { browser } = await signedIn()
    await expectRefused(await browser.get(`/logout?sid=${'x'.repeat(65)}`), 'invalid_request', 400)
    expect(await stillSignedIn(browser)).toBe(true)
  })
})

describe('GET /logout with proof', () => {
  it("acts on the session's sid, which the site's token carries", async () => {
    const { browser, sid } = await signedIn()
    const response = await browser.get(`/logout?app=shop&sid=${sid}&${RETURN}`, CROSS_SITE)
    expect(response.status).toBe(303)
    expect(response.headers.get('Location')).toBe(SHOP)
    expect(await bridge.storage.list('session')).toHaveLength(0)
    expect(await stillSignedIn(browser)).toBe(false)
  })

  it("acts on a request from the bridge's own pages", async () => {
    const { browser } = await signedIn()
    const response = await browser.get('/logout', { 'Sec-Fetch-Site': 'same-origin' })
    expect(response.status).toBe(200)
    expect(await response.text()).toContain('You are signed out.')
    expect(await stillSignedIn(browser)).toBe(false)
  })

  it('acts without asking when there is no session: nothing to end', async () => {
    const response = await bridge.browser().get(`/logout?app=shop&${RETURN}`, CROSS_SITE)
    expect(response.status).toBe(303)
    expect(response.headers.get('Location')).toBe(SHOP)
  })
})

describe('POST /logout, the confirmation', () => {
  async function confirmation() {
    const { browser } = await signedIn()
    const page = await browser.get(`/logout?app=shop&${RETURN}`, CROSS_SITE)
    return { browser, fields: readForm(await page.text()).fields }
  }

  it('signs out with the CSRF token of the page, and goes back to return_to', async () => {
    const { browser, fields } = await confirmation()
    const response = await browser.post('/logout', fields, { Origin: 'http://localhost:4000' })
    expect(response.status).toBe(303)
    expect(response.headers.get('Location')).toBe(SHOP)
    expect(await stillSignedIn(browser)).toBe(false)
  })

  it.each([
    ['a forged token', { csrf: 'forged' }],
    ['no token', { csrf: undefined }],
  ])('refuses %s and keeps the session', async (_, change) => {
    const { browser, fields } = await confirmation()
    const body = { ...fields, ...change } as Record<string, string>
    if (change.csrf === undefined) delete body.csrf
    const response = await browser.post('/logout', body)
    await expectRefused(
      response,
      change.csrf ? 'csrf_failed' : 'invalid_request',
      change.csrf ? 403 : 400,
    )
    expect(await stillSignedIn(browser)).toBe(true)
  })

  it("refuses another session's token: it is bound to the session cookie", async () => {
    const mine = await confirmation()
    const theirs = await confirmation()
    const response = await mine.browser.post('/logout', theirs.fields)
    await expectRefused(response, 'csrf_failed', 403)
    expect(await stillSignedIn(mine.browser)).toBe(true)
  })

  it('refuses a post from another origin', async () => {
    const { browser, fields } = await confirmation()
    const response = await browser.post('/logout', fields, { Origin: 'https://evil.example' })
    await expectRefused(response, 'csrf_failed', 403)
    expect(await stillSignedIn(browser)).toBe(true)
  })

  it('refuses a foreign return_to before anything', async () => {
    const { browser, fields } = await confirmation()
    const response = await browser.post('/logout', {
      ...fields,
      return_to: 'https://evil.example/',
    })
    expect(response.status).toBe(400)
    expect(response.headers.get('Location')).toBeNull()
    expect(await stillSignedIn(browser)).toBe(true)
  })
})
