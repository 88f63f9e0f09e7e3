/** /admin/api/apps/{id}/backchannel-deliveries: an app's deliveries, by state and page; retry now. */
import { afterEach, describe, expect, it } from 'vitest'
import { apiBridge } from '../../testing/admin-api-test-kit.js'
import { startBackchannelSite, type BackchannelSite } from '../../testing/backchannel-site.js'
import { signInWithPassword, testConfig } from '../../testing/bridge-fixture.js'

const FROM_BRIDGE = { 'Sec-Fetch-Site': 'same-origin' }
const sites: BackchannelSite[] = []
afterEach(async () => {
  await Promise.all(sites.splice(0).map((site) => site.close()))
})

async function setUp() {
  const site = await startBackchannelSite(() => 503)
  sites.push(site)
  const base = testConfig()
  const [shop, ...rest] = base.apps
  const api = await apiBridge({
    config: {
      ...base,
      apps: [
        { ...shop, backchannelLogoutUrl: site.url, dangerouslyAllowPrivateNetwork: true },
        ...rest,
      ],
    },
    // No retries: a 503 fails the delivery at once, for the admin to retry.
    backchannel: { retryDelaysMs: [], pollMs: 50 },
  })
  async function signInAndOut() {
    const browser = api.bridge.browser()
    await signInWithPassword(browser)
    await browser.get('/logout', FROM_BRIDGE)
    await api.bridge.services.backchannel.sender.idle()
  }
  return { ...api, site, signInAndOut }
}

describe('admin API: back-channel deliveries', () => {
  it('lists an app’s deliveries newest first, by state, a page at a time', async () => {
    const { call, signInAndOut } = await setUp()
    await signInAndOut()
    await signInAndOut()
    const all = await call('GET', '/apps/shop/backchannel-deliveries')
    expect(all.status).toBe(200)
    expect(all.json.deliveries).toHaveLength(2)
    expect(all.json.deliveries[0]).toEqual({
      id: expect.any(String),
      app: 'shop',
      state: 'failed',
      attempts: 1,
      createdAt: expect.any(Number),
      giveUpAt: expect.any(Number),
      lastAttemptAt: expect.any(Number),
      lastStatus: 503,
      lastError: 'status_503',
    })
    expect(all.json).not.toHaveProperty('nextCursor')
    // Nothing of the session, user or token is shown.
    expect(all.text).not.toMatch(/sid|jti|userId|logout_token/)

    const first = await call('GET', '/apps/shop/backchannel-deliveries?limit=1')
    expect(first.json.deliveries.map((d: { id: string }) => d.id)).toEqual([
      all.json.deliveries[0].id,
    ])
    const second = await call(
      'GET',
      `/apps/shop/backchannel-deliveries?limit=1&cursor=${first.json.nextCursor}`,
    )
    expect(second.json.deliveries.map((d: { id: string }) => d.id)).toEqual([
      all.json.deliveries[1].id,
    ])
    expect(second.json).not.toHaveProperty('nextCursor')

    expect((await call('GET', '/apps/shop/backchannel-deliveries?state=delivered')).json).toEqual({
      deliveries: [],
    })
    expect((await call('GET', '/apps/forum/backchannel-deliveries')).json).toEqual({
      deliveries: [],
    })
    expect((await call('GET', '/apps/nope/backchannel-deliveries')).status).toBe(404)
    expect((await call('GET', '/apps/shop/backchannel-deliveries?state=lost')).status).toBe(400)
    expect((await call('GET', '/apps/shop/backchannel-deliveries?cursor=x')).status).toBe(400)
    expect((await call('GET', '/apps/shop/backchannel-deliveries?limit=1000')).status).toBe(400)
  })

  it('retries a failed delivery now, with apps:write, audited; never a delivered one', async () => {
    const { call, key, site, signInAndOut, bridge } = await setUp()
    await signInAndOut()
    const [failed] = (await call('GET', '/apps/shop/backchannel-deliveries')).json.deliveries
    const retry = `/apps/shop/backchannel-deliveries/${failed.id}/retry`

    const reader = await key(['apps:read'])
    expect((await call('GET', '/apps/shop/backchannel-deliveries', { key: reader })).status).toBe(
      200,
    )
    expect((await call('POST', retry, { key: reader })).status).toBe(403)
    expect((await call('POST', retry, { key: null })).status).toBe(401)
    expect(
      (await call('GET', '/apps/shop/backchannel-deliveries', { key: await key(['users:read']) }))
        .status,
    ).toBe(403)

    site.answer = () => 200
    const retried = await call('POST', retry)
    expect(retried.status).toBe(200)
    expect(retried.json.delivery).toMatchObject({ id: failed.id, state: 'pending' })
    expect(retried.json.delivery.giveUpAt).toBeGreaterThan(failed.giveUpAt)
    await expect.poll(() => site.received.length, { timeout: 3000, interval: 20 }).toBe(2)
    await bridge.services.backchannel.sender.idle()
    const [delivered] = (await call('GET', '/apps/shop/backchannel-deliveries?state=delivered'))
      .json.deliveries
    expect(delivered).toMatchObject({ id: failed.id, attempts: 2, lastStatus: 200 })
    expect(site.received[1]!.claims.jti).toBe(site.received[0]!.claims.jti)

    const audit = await call('GET', '/audit?app=shop&event=app')
    expect(audit.json.entries[0]).toMatchObject({
      event: 'app.backchannel_delivery_retried',
      actor: { type: 'api_key' },
      app: 'shop',
      target: { type: 'backchannel_delivery', id: failed.id },
    })

    const again = await call('POST', retry)
    expect(again.status).toBe(409)
    expect(again.json.error).toBe('conflict')
    expect(
      (await call('POST', `/apps/forum/backchannel-deliveries/${failed.id}/retry`)).status,
    ).toBe(404)
    expect((await call('POST', '/apps/shop/backchannel-deliveries/nope/retry')).status).toBe(404)
  })
})
