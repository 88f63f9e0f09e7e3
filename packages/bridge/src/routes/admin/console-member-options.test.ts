/** The console's local connection form: sign-up, passwordless and require verified email. */
import { afterEach, describe, expect, it } from 'vitest'
import { createAdmin } from '../../admin/admin-accounts.js'
import { getConnection } from '../../domain/connections.js'
import { corp } from '../../testing/admin-api-test-kit.js'
import { ADMIN, formFields, post } from '../../testing/admin-console-test-kit.js'
import { createTestBridge, testConfig } from '../../testing/bridge-fixture.js'

const closing: (() => Promise<unknown>)[] = []
afterEach(async () => {
  while (closing.length) await closing.pop()!()
})

/** No mail server is reached: nothing here sends, SMTP only has to be configured. */
const SMTP = { url: 'smtp://127.0.0.1:2525', from: 'Sign-in <signin@example.com>' }
const NEW = '/admin/connections/new?type=local'

async function setUp(options: { smtp?: boolean } = {}) {
  const base = testConfig()
  const bridge = await createTestBridge({
    config: {
      ...base,
      connections: [...base.connections, corp],
      ...(options.smtp === false ? {} : { smtp: SMTP }),
    },
  })
  closing.push(() => bridge.services.emailSender.stop())
  await createAdmin(bridge.storage, { type: 'cli', id: 'test' }, ADMIN)
  const browser = bridge.browser()
  const login = await (await browser.get('/admin/login')).text()
  await post(browser, '/admin/login', { ...formFields(login, '/admin/login'), ...ADMIN })
  /** Submits the form at `page` (posting to `action`) as shown, with `changes` over it. */
  async function submit(page: string, action: string, changes: [string, string][]) {
    const form = formFields(await (await browser.get(page)).text(), action)
    const names = new Set(changes.map(([name]) => name))
    const kept = Object.entries(form).filter(([name]) => !names.has(name))
    return post(browser, action, [...kept, ...changes, ['action', 'save']])
  }
  return { bridge, browser, submit }
}

describe('console: member options of a local connection', () => {
  it('adds a local connection with domain sign-up, both passwordless modes and verified email', async () => {
    const { bridge, browser, submit } = await setUp()
    const form = await (await browser.get(NEW)).text()
    expect(form).toContain('Only addresses of these domains')
    expect(formFields(form, NEW)).toMatchObject({ signup: 'off', passwordless: 'off' })
    const saved = await submit(NEW, NEW, [
      ['id', 'members'],
      ['signup', 'domains'],
      ['signupDomains', 'example.com, example.org'],
      ['passwordless', 'both'],
      ['requireVerifiedEmail', 'on'],
    ])
    expect(saved.headers.get('Location')).toBe('/admin/connections/members?done=created')
    expect(await getConnection(bridge.storage, 'members')).toMatchObject({
      signup: { domains: ['example.com', 'example.org'] },
      passwordless: 'both',
      requireVerifiedEmail: true,
    })
    // The edit form shows them as saved, and an edit changes them.
    const page = await (await browser.get('/admin/connections/members')).text()
    expect(formFields(page, '/admin/connections/members')).toMatchObject({
      signup: 'domains',
      signupDomains: 'example.com example.org',
      passwordless: 'both',
    })
    expect(page).toMatch(/name="requireVerifiedEmail" value="on" checked/)
    const edited = await submit('/admin/connections/members', '/admin/connections/members', [
      ['signup', 'open'],
      ['passwordless', 'code'],
    ])
    expect(edited.headers.get('Location')).toBe('/admin/connections/members?done=saved')
    // An unticked box is not posted: requireVerifiedEmail is off now.
    expect(await getConnection(bridge.storage, 'members')).toMatchObject({
      signup: 'open',
      passwordless: 'code',
      requireVerifiedEmail: false,
    })
  })

  it('refuses an unknown mode and domains that are not domains, at their fields', async () => {
    const { bridge, submit } = await setUp()
    for (const [changes, field] of [
      [[['signup', 'everyone']], 'f-signup'],
      [[['passwordless', 'sms']], 'f-passwordless'],
      [
        [
          ['signup', 'domains'],
          ['signupDomains', 'example.com not_a_domain'],
        ],
        'f-signupDomains',
      ],
      [
        [
          ['signup', 'domains'],
          ['signupDomains', ''],
        ],
        'f-signupDomains',
      ],
    ] as const) {
      const refused = await submit(NEW, NEW, [['id', 'members'], ...changes] as [string, string][])
      expect(refused.status, JSON.stringify(changes)).toBe(400)
      const html = await refused.text()
      expect(html).toMatch(new RegExp(`id="${field}"[^>]*aria-invalid="true"`))
      // What was typed is shown again.
      if (changes[1]) expect(html).toContain(`value="${changes[1][1]}"`)
    }
    expect(await getConnection(bridge.storage, 'members')).toBeUndefined()
  })

  it('without SMTP refuses the options with how to set it up, and saves them off', async () => {
    const { bridge, submit } = await setUp({ smtp: false })
    const refused = await submit(NEW, NEW, [
      ['id', 'members'],
      ['passwordless', 'link'],
    ])
    expect(refused.status).toBe(400)
    expect(await refused.text()).toContain('SSOBRIDGE_SMTP_URL')
    expect(await getConnection(bridge.storage, 'members')).toBeUndefined()
    const saved = await submit(NEW, NEW, [['id', 'members']])
    expect(saved.status).toBe(303)
    expect(await getConnection(bridge.storage, 'members')).toMatchObject({
      signup: 'off',
      passwordless: 'off',
      requireVerifiedEmail: false,
    })
  })

  it('an OIDC connection has none of them: its form does not show them, posted ones are ignored', async () => {
    const { bridge, browser, submit } = await setUp()
    const page = await (await browser.get('/admin/connections/corp')).text()
    expect(page).not.toContain('name="passwordless"')
    const saved = await submit('/admin/connections/corp', '/admin/connections/corp', [
      ['signup', 'open'],
      ['passwordless', 'both'],
      ['requireVerifiedEmail', 'on'],
    ])
    expect(saved.status).toBe(303)
    const stored = await getConnection(bridge.storage, 'corp')
    expect(stored).not.toHaveProperty('signup')
    expect(stored).not.toHaveProperty('passwordless')
  })
})
