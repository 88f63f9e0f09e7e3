/** The console's page of an app's back-channel deliveries: listed by state, retried by a CSRF form. */
import { afterEach, describe, expect, it } from 'vitest'
import { createAdmin } from '../../admin/admin-accounts.js'
import { ADMIN, formFields, post } from '../../testing/admin-console-test-kit.js'
import { startBackchannelSite, type BackchannelSite } from '../../testing/backchannel-site.js'
import { createTestBridge, signInWithPassword, testConfig } from '../../testing/bridge-fixture.js'

const FROM_BRIDGE = { 'Sec-Fetch-Site': 'same-origin' }
const sites: BackchannelSite[] = []
afterEach(async () => {
  await Promise.all(sites.splice(0).map((site) => site.close()))
})

async function setUp() {
  const site = await startBackchannelSite(() => 500)
  sites.push(site)
  const base = testConfig()
  const [shop, ...rest] = base.apps
  const bridge = await createTestBridge({
    config: {
      ...base,
      apps: [
        { ...shop, backchannelLogoutUrl: site.url, dangerouslyAllowPrivateNetwork: true },
        ...rest,
      ],
    },
    backchannel: { retryDelaysMs: [], pollMs: 50 },
  })
  await createAdmin(bridge.storage, { type: 'cli', id: 'test' }, ADMIN)
  const user = bridge.browser()
  await signInWithPassword(user)
  await user.get('/logout', FROM_BRIDGE)
  await bridge.services.backchannel.sender.idle()
  const admin = bridge.browser()
  const login = await (await admin.get('/admin/login')).text()
  await post(admin, '/admin/login', { ...formFields(login, '/admin/login'), ...ADMIN })
  return { bridge, site, admin }
}

describe('console: back-channel deliveries', () => {
  it('shows a failed delivery, retries it from its form, and the site gets it', async () => {
    const { bridge, site, admin } = await setUp()
    // The app's page leads there (only apps with a back-channel URL have deliveries).
    const appPage = await (await admin.get('/admin/apps/shop')).text()
    expect(appPage).toContain('href="/admin/apps/shop/deliveries"')
    expect(await (await admin.get('/admin/apps/forum')).text()).not.toContain('/deliveries"')
    const page = await admin.get('/admin/apps/shop/deliveries')
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('HTTP 500')
    expect(html).toContain('failed')
    const [id] = (
      await bridge.storage.outbox.list({
        kind: 'backchannel-logout',
        owner: 'shop',
        limit: 1,
      })
    ).map((e) => e.id)
    const action = `/admin/apps/shop/deliveries/${id}/retry`
    const fields = formFields(html, action)
    expect(fields.csrf).toBeTruthy()

    // Without the CSRF token nothing is retried.
    const refused = await post(admin, action, { csrf: 'wrong' })
    expect(refused.status).toBe(403)
    await new Promise((done) => setTimeout(done, 150))
    expect(site.received).toHaveLength(1)

    site.answer = () => 200
    const retried = await post(admin, action, fields)
    expect(retried.status).toBe(303)
    expect(retried.headers.get('Location')).toBe('/admin/apps/shop/deliveries?done=retried')
    await expect.poll(() => site.received.length, { timeout: 3000, interval: 20 }).toBe(2)
    await bridge.services.backchannel.sender.idle()
    const delivered = await (await admin.get('/admin/apps/shop/deliveries?state=delivered')).text()
    expect(delivered).toContain('HTTP 200')
    expect(delivered).not.toContain(action)
    const failed = await (await admin.get('/admin/apps/shop/deliveries?state=failed')).text()
    expect(failed).toContain('No deliveries.')
    expect((await admin.get('/admin/apps/nope/deliveries')).status).toBe(404)
  })

  it('is behind the admin sign-in', async () => {
    const { bridge } = await setUp()
    const anonymous = await bridge.browser().get('/admin/apps/shop/deliveries')
    expect(anonymous.status).toBe(303)
  })
})
