import { describe, expect, it } from 'vitest'
import { ALICE } from '../../testing/bridge-fixture.js'
import { readForm } from '../../testing/test-browser.js'
import { consoleBridge, formFields, post } from '../../testing/admin-console-test-kit.js'

describe('console "Try it"', () => {
  it('runs a real sign-in and shows the decoded token instead of delivering it', async () => {
    const { signIn } = await consoleBridge()
    const { browser } = await signIn()
    const page = await (await browser.get('/admin/apps/shop')).text()
    const started = await post(browser, '/admin/try/shop', formFields(page, '/admin/try/shop'))
    expect(started.status).toBe(303)
    expect(started.headers.get('Location')).toMatch(/^\/login\?tx=/)
    const login = readForm(await (await browser.get(started.headers.get('Location')!)).text())
    const shown = await browser.post('/login', { ...login.fields, ...ALICE, action: 'sign-in' })
    expect(shown.status).toBe(200)
    const html = await shown.text()
    expect(html).toContain('What Shop would receive')
    expect(html).toContain('&quot;alice@example.com&quot;')
    expect(html).toContain('Audience: the app id.')
    // Nothing goes to the site: no form towards the callback, no token field.
    expect(html).not.toContain('127.0.0.1:4001/sso/callback')
    expect(readForm(html).fields.token).toBeUndefined()
  })

  it('refuses without the console CSRF token or an admin session', async () => {
    const { bridge, signIn } = await consoleBridge()
    const { browser } = await signIn()
    expect((await post(browser, '/admin/try/shop', {})).status).toBeGreaterThanOrEqual(400)
    const anonymous = bridge.browser()
    const response = await post(anonymous, '/admin/try/shop', {})
    expect([303, 401, 403]).toContain(response.status)
    expect(response.headers.get('Location') ?? '').not.toMatch(/^\/login\?tx=/)
    expect(await bridge.storage.list('login-tx')).toHaveLength(0)
  })
})

describe('"Try it" on a preset app', () => {
  it('is not offered, and the contract check is pointed at instead: nothing starts', async () => {
    const { bridge, signIn, csrfOf, logs } = await consoleBridge()
    const { browser } = await signIn()
    const created = await bridge.services.storage.get('app', 'shop')
    await bridge.storage.set('app', 'help', {
      ...created!,
      id: 'help',
      name: 'Help',
      preset: 'zendesk',
      callbackUrls: ['https://example.zendesk.com/access/jwt'],
    })
    const page = await (await browser.get('/admin/apps/help')).text()
    expect(page).not.toContain('action="/admin/try/help"')
    expect(page).toContain('Check against Zendesk')
    const response = await post(browser, '/admin/try/help', { csrf: await csrfOf(browser) })
    expect(response.status).toBe(400)
    expect(await response.text()).toContain('Check against the platform')
    expect(logs.lines.some((l) => l.reason === 'parameter_invalid')).toBe(true)
    expect(await bridge.storage.list('login-tx')).toHaveLength(0)
  })
})
