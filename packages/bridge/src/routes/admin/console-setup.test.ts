import { describe, expect, it } from 'vitest'
import { listAdmins } from '../../admin/admin-accounts.js'
import { createSetupLink } from '../../admin/setup-link.js'
import { listAudit } from '../../domain/audit-log.js'
import { createTestBridge, ISSUER } from '../../testing/bridge-fixture.js'
import { formFields, post } from '../../testing/admin-console-test-kit.js'

const first = { email: 'first@example.com', password: 'a long first passphrase' }

async function setupBridge() {
  const bridge = await createTestBridge()
  const link = (await createSetupLink(bridge.storage, ISSUER))!
  return { bridge, link, path: link.slice(ISSUER.length) }
}

describe('/admin/setup', () => {
  it('creates the first admin from the link and signs them in', async () => {
    const { bridge, path } = await setupBridge()
    const browser = bridge.browser()
    const page = await browser.get(path)
    expect(page.status).toBe(200)
    expect(page.headers.get('Referrer-Policy')).toBe('same-origin')
    const form = formFields(await page.text(), '/admin/setup')
    const done = await post(browser, '/admin/setup', { ...form, ...first })
    expect(done.status).toBe(303)
    expect(done.headers.get('Location')).toBe('/admin')
    expect((await browser.get('/admin')).status).toBe(200)
    expect((await listAdmins(bridge.storage)).map((a) => a.email)).toEqual([first.email])
    const events = (await listAudit(bridge.storage, { event: 'admin' })).entries.map((e) => e.event)
    expect(events).toEqual(['admin.signed_in', 'admin.created'])

    // The link is spent: opening it again shows no form, posting it again creates nobody.
    const again = await bridge.browser().get(path)
    expect(again.status).toBe(410)
    expect(await again.text()).not.toContain('name="token"')
    const other = bridge.browser()
    const replay = await post(other, '/admin/setup', { ...form, email: 'x@example.com' })
    expect(replay.status).toBe(403) // no CSRF cookie in this browser
    expect(await listAdmins(bridge.storage)).toHaveLength(1)
  })

  it('refuses a second admin through another link, and a reused token', async () => {
    const { bridge, path } = await setupBridge()
    const second = (await createSetupLink(bridge.storage, ISSUER))!.slice(ISSUER.length)
    const browser = bridge.browser()
    const form = formFields(await (await browser.get(path)).text(), '/admin/setup')
    const other = bridge.browser()
    const secondForm = formFields(await (await other.get(second)).text(), '/admin/setup')
    expect((await post(other, '/admin/setup', { ...secondForm, ...first })).status).toBe(303)
    const refused = await post(browser, '/admin/setup', {
      ...form,
      email: 'second@example.com',
      password: 'another long passphrase',
    })
    expect(refused.status).toBe(410)
    expect(await listAdmins(bridge.storage)).toHaveLength(1)
    expect((await bridge.browser().get(path)).status).toBe(410)
  })

  it('shows what to fix and keeps the link usable on bad input', async () => {
    const { bridge, path } = await setupBridge()
    const browser = bridge.browser()
    const form = formFields(await (await browser.get(path)).text(), '/admin/setup')
    const bad = await post(browser, '/admin/setup', {
      ...form,
      email: first.email,
      password: 'short',
    })
    expect(bad.status).toBe(400)
    const html = await bad.text()
    expect(html).toContain('at least 12 characters')
    const retry = formFields(html, '/admin/setup')
    expect((await post(browser, '/admin/setup', { ...retry, ...first })).status).toBe(303)
  })

  it('refuses a missing or unknown token and a cross-site post', async () => {
    const { bridge, path } = await setupBridge()
    expect((await bridge.browser().get('/admin/setup')).status).toBe(410)
    expect((await bridge.browser().get('/admin/setup?token=nope')).status).toBe(410)
    const browser = bridge.browser()
    const form = formFields(await (await browser.get(path)).text(), '/admin/setup')
    const cross = await post(
      browser,
      '/admin/setup',
      { ...form, ...first },
      {
        Origin: 'https://evil.example',
      },
    )
    expect(cross.status).toBe(403)
    expect(await listAdmins(bridge.storage)).toEqual([])
  })
})
