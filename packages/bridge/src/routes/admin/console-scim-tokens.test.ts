/** The connection page's SCIM card: create (shown once), list, revoke; CSRF on every form. */
import { describe, expect, it } from 'vitest'
import { createAdmin } from '../../admin/admin-accounts.js'
import { listAudit } from '../../domain/audit-log.js'
import { corp } from '../../testing/admin-api-test-kit.js'
import { ADMIN, formFields, post } from '../../testing/admin-console-test-kit.js'
import { createTestBridge, ISSUER, testConfig } from '../../testing/bridge-fixture.js'
import { jsonCall } from '../../testing/json-call.js'

const PAGE = '/admin/connections/corp'
const CREATE = '/admin/connections/corp/scim-tokens'

async function setUp() {
  const base = testConfig()
  const bridge = await createTestBridge({
    config: { ...base, connections: [...base.connections, corp] },
  })
  await createAdmin(bridge.storage, { type: 'cli', id: 'test' }, ADMIN)
  const browser = bridge.browser()
  const login = await (await browser.get('/admin/login')).text()
  await post(browser, '/admin/login', { ...formFields(login, '/admin/login'), ...ADMIN })
  const scimStatus = async (token: string) =>
    (
      await jsonCall(bridge.app, 'GET', `${ISSUER}/scim/v2/Users`, {
        bearer: token,
        contentType: 'application/scim+json',
      })
    ).status
  return { bridge, browser, scimStatus }
}

describe('console: SCIM tokens', () => {
  it('creates a token shown once, lists it, and revokes it', async () => {
    const { bridge, browser, scimStatus } = await setUp()
    const page = await (await browser.get(PAGE)).text()
    expect(page).toContain('SCIM provisioning')
    expect(page).toContain(`${ISSUER}/scim/v2`)
    expect(page).toContain('No SCIM tokens.')

    const created = await post(browser, CREATE, { ...formFields(page, CREATE), name: 'Entra ID' })
    expect(created.status).toBe(200)
    const html = await created.text()
    const token = /scim_[0-9a-f]{16}_[A-Za-z0-9_-]{43}/.exec(html)?.[0] as string
    expect(token).toBeDefined()
    expect(await scimStatus(token)).toBe(200)

    // Shown once: the page, opened again, lists the token without it.
    const again = await (await browser.get(PAGE)).text()
    expect(again).toContain('Entra ID')
    expect(again).not.toContain(token)

    const id = token.slice(5, 21)
    const revoke = `${CREATE}/${id}/revoke`
    const revoked = await post(browser, revoke, formFields(again, revoke))
    expect(revoked.status).toBe(303)
    expect(await scimStatus(token)).toBe(401)
    expect(await (await browser.get(PAGE)).text()).toContain('revoked')
    const events = (await listAudit(bridge.storage, { connection: 'corp' })).entries
    expect(
      events.filter((e) => e.event.startsWith('connection.scim_token')).map((e) => e.actor.type),
    ).toEqual(['admin', 'admin'])
  })

  it('refuses a form without the CSRF token, an empty name, and a local connection', async () => {
    const { bridge, browser } = await setUp()
    const page = await (await browser.get(PAGE)).text()
    const forged = await post(browser, CREATE, { name: 'x' })
    expect(forged.status).toBe(403)
    const empty = await post(browser, CREATE, { ...formFields(page, CREATE), name: '' })
    expect(empty.status).toBe(400)
    expect(await bridge.storage.list('scim-token')).toEqual([])
    // A local connection has no SCIM card.
    expect(await (await browser.get('/admin/connections/staff')).text()).not.toContain(
      'SCIM provisioning',
    )
    const local = await post(browser, '/admin/connections/staff/scim-tokens', {
      ...formFields(page, CREATE),
      name: 'x',
    })
    expect(local.status).toBe(400)
    expect(await bridge.storage.list('scim-token')).toEqual([])
  })
})
