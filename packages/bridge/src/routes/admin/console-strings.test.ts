/** The console's Strings page: overrides saved per language reach every instance's pages. */
import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createAdmin } from '../../admin/admin-accounts.js'
import { listAudit } from '../../domain/audit-log.js'
import { readStringOverrides } from '../../domain/string-overrides.js'
import { ADMIN, formFields, post } from '../../testing/admin-console-test-kit.js'
import { createTestBridge, memoryStorage } from '../../testing/bridge-fixture.js'
import { captureLogs } from '../../testing/log-capture.js'
import type { TestBrowser } from '../../testing/test-browser.js'

const GERMAN = '/admin/strings/de'

async function setUp() {
  const storage = await memoryStorage()
  const masterKey = randomBytes(32)
  const logs = captureLogs('info', Boolean(process.env.DEBUG_ADMIN))
  const bridge = await createTestBridge({ storage, masterKey, logger: logs.logger })
  const other = await createTestBridge({ storage, masterKey })
  await createAdmin(storage, { type: 'cli', id: 'test' }, ADMIN)
  const browser = bridge.browser()
  const login = await (await browser.get('/admin/login')).text()
  await post(browser, '/admin/login', { ...formFields(login, '/admin/login'), ...ADMIN })
  /** Submits the German form as the page shows it, with `changes` typed over it. */
  async function save(changes: Record<string, string>, headers: Record<string, string> = {}) {
    const form = formFields(await (await browser.get(GERMAN)).text(), GERMAN)
    return post(browser, GERMAN, { ...form, ...changes }, headers)
  }
  return { bridge, other, storage, browser, save, logs }
}

/** The login page's heading of a new visitor who asks for `language`. */
async function heading(browser: TestBrowser, language: string) {
  const start = await browser.get('/authorize?app=shop&state=s')
  const page = await browser.get(start.headers.get('Location')!, { 'Accept-Language': language })
  return /<h1>([^<]*)<\/h1>/.exec(await page.text())?.[1]
}

describe('console: strings', () => {
  it('lists every catalog key with its English and German text, and a field for each', async () => {
    const { browser } = await setUp()
    const html = await (await browser.get(GERMAN)).text()
    expect(html).toContain('<code>login.heading</code>')
    expect(html).toContain('Sign in')
    expect(html).toContain('aria-current="page">Strings</a>')
    const fields = formFields(html, GERMAN)
    expect(fields['s:login.heading']).toBe('')
    expect(fields['s:mfa.recoveryLeft_one']).toBe('')
    expect((await browser.get('/admin/strings')).headers.get('Location')).toBe('/admin/strings/en')
    expect((await browser.get('/admin/strings/xx')).status).toBe(404)
  })

  it('saves a German override: the login page shows it as text, English is unchanged, on both instances', async () => {
    const { bridge, other, storage, save } = await setUp()
    // The other instance has built its translations before the change.
    expect(await heading(other.browser(), 'de')).toBe('Anmelden')
    const saved = await save({ 's:login.heading': '<b>Willkommen</b> & hallo' })
    expect(saved.status).toBe(303)
    expect(saved.headers.get('Location')).toBe(`${GERMAN}?done=saved`)
    for (const instance of [bridge, other]) {
      expect(await heading(instance.browser(), 'de-DE')).toBe(
        '&lt;b&gt;Willkommen&lt;/b&gt; &amp; hallo',
      )
      expect(await heading(instance.browser(), 'en')).toBe('Sign in')
    }
    expect((await readStringOverrides(storage))?.strings).toEqual({
      de: { 'login.heading': '<b>Willkommen</b> & hallo' },
    })
    const { entries } = await listAudit(storage, { event: 'strings.updated' })
    expect(entries).toMatchObject([
      {
        actor: { type: 'admin', label: ADMIN.email },
        target: { type: 'strings', id: 'de' },
        before: {},
        after: { 'login.heading': '<b>Willkommen</b> & hallo' },
      },
    ])
    // The form shows it; saving it as is changes nothing; emptying it brings the built-in back.
    expect((await save({})).headers.get('Location')).toBe(`${GERMAN}?done=unchanged`)
    expect((await save({ 's:login.heading': '  ' })).status).toBe(303)
    expect(await heading(other.browser(), 'de')).toBe('Anmelden')
    expect(await readStringOverrides(storage)).toBeUndefined()
    expect((await listAudit(storage, { event: 'strings.updated' })).entries).toHaveLength(2)
  })

  it('keeps a placeholder of the English text, filled in', async () => {
    const { bridge, save } = await setUp()
    expect((await save({ 's:login.subtitle': 'weiter zu {{app}}!' })).status).toBe(303)
    const browser = bridge.browser()
    const start = await browser.get('/authorize?app=shop&state=s')
    const page = await browser.get(start.headers.get('Location')!, { 'Accept-Language': 'de' })
    expect(await page.text()).toMatch(/weiter zu [^{<]+!/)
  })

  it('refuses a foreign placeholder or an unknown key on the form, and saves nothing', async () => {
    const { bridge, storage, save } = await setUp()
    const foreign = await save({
      's:login.title': 'Hallo {{user}}',
      's:login.heading': 'Kept out too',
    })
    expect(foreign.status).toBe(400)
    const html = await foreign.text()
    expect(html).toContain('Nothing was saved')
    expect(html).toContain('{{user}} is not a placeholder of &quot;login.title&quot; (it has: app)')
    expect(html).toContain('aria-invalid="true"')
    // What was typed is on the form again.
    expect(formFields(html, GERMAN)['s:login.heading']).toBe('Kept out too')
    const unknown = await save({ 's:login.headline': 'x' })
    expect(unknown.status).toBe(400)
    expect(await unknown.text()).toContain('no string &quot;login.headline&quot; in the catalog')
    const long = await save({ 's:login.heading': 'x'.repeat(1001) })
    expect(long.status).toBe(400)
    expect(await readStringOverrides(storage)).toBeUndefined()
    expect((await listAudit(storage, { event: 'strings.updated' })).entries).toEqual([])
    expect(await heading(bridge.browser(), 'de')).toBe('Anmelden')
  })

  it('refuses a save without the CSRF token (403), and sends a visitor without a session to sign in', async () => {
    const { bridge, storage, browser, save, logs } = await setUp()
    const noToken = await save({ csrf: '' })
    expect(noToken.status).toBe(403)
    expect(logs.lines.some((l) => l.msg === 'console CSRF token mismatch')).toBe(true)
    const crossSite = await save({ 's:login.heading': 'x' }, { Origin: 'https://evil.example' })
    expect(crossSite.status).toBe(403)
    const stranger = bridge.browser()
    const page = await stranger.get(GERMAN)
    expect(page.status).toBe(303)
    expect(page.headers.get('Location')).toBe('/admin/login')
    const form = formFields(await (await browser.get(GERMAN)).text(), GERMAN)
    expect((await post(stranger, GERMAN, { ...form, 's:login.heading': 'x' })).status).toBe(403)
    expect(await readStringOverrides(storage)).toBeUndefined()
  })
})
