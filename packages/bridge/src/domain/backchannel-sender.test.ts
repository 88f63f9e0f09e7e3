/**
 * The outbox worker against real sites on 127.0.0.1: private addresses only with the app's opt-in,
 * retries of a 5xx with the same jti in fresh tokens, one site timing out holds up no other.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { captureLogs } from '../testing/log-capture.js'
import { startBackchannelSite, type BackchannelSite } from '../testing/backchannel-site.js'
import { createTestBridge, testConfig } from '../testing/bridge-fixture.js'
import { rememberSignedInApp } from './backchannel-logout.js'
import { BACKCHANNEL_KIND, queueBackchannelLogouts } from './backchannel-outbox.js'
import { createBackchannelSender, type BackchannelOptions } from './backchannel-sender.js'
import { getApp } from './apps.js'

const sites: BackchannelSite[] = []
afterEach(async () => {
  await Promise.all(sites.splice(0).map((site) => site.close()))
})

async function site(answer?: Parameters<typeof startBackchannelSite>[0]) {
  const started = await startBackchannelSite(answer)
  sites.push(started)
  return started
}

/** A bridge whose shop and forum post to these URLs; a worker of its own on its storage. */
async function setUp(
  urls: { shop?: string; forum?: string },
  options: Partial<BackchannelOptions> & { allowPrivateNetwork?: boolean } = {},
) {
  const base = testConfig()
  const [shop, forum, ...rest] = base.apps
  const allow = options.allowPrivateNetwork ?? true
  const withUrl = (app: typeof shop, url?: string) =>
    url ? { ...app, backchannelLogoutUrl: url, dangerouslyAllowPrivateNetwork: allow } : app
  const bridge = await createTestBridge({
    config: { ...base, apps: [withUrl(shop, urls.shop), withUrl(forum, urls.forum), ...rest] },
  })
  const logs = captureLogs()
  const sender = createBackchannelSender({
    logger: logs.logger,
    timeoutMs: 500,
    retryDelaysMs: [20, 20],
    ...options,
    storage: bridge.storage,
    mint: bridge.services.backchannel.mint,
  })
  const { storage } = bridge
  async function logout(sid: string) {
    for (const id of ['shop', 'forum']) {
      const app = (await getApp(storage, id))!
      await rememberSignedInApp(storage, { sid, expiresAt: Date.now() + 60_000 }, app)
    }
    const queued = await queueBackchannelLogouts(
      storage,
      { sid, userId: 'u-1' },
      Date.now() + sender.windowMs,
    )
    sender.wake()
    return queued
  }
  const entries = (owner: string) =>
    storage.outbox.list({ kind: BACKCHANNEL_KIND, owner, limit: 10 })
  return { bridge, sender, logs, logout, entries }
}

describe('the back-channel outbox worker', () => {
  it('never POSTs to loopback without the opt-in, and does not retry the refusal', async () => {
    const shop = await site()
    const { sender, logs, logout, entries } = await setUp(
      { shop: shop.url },
      { allowPrivateNetwork: false },
    )
    expect(await logout('sid-1')).toBe(1)
    await sender.idle()
    expect(shop.received).toEqual([])
    expect(logs.lines).toEqual([
      expect.objectContaining({
        msg: 'back-channel logout failed',
        app: 'shop',
        attempt: 1,
        outcome: 'refused',
        reason: 'address_refused',
      }),
    ])
    expect(await entries('shop')).toEqual([
      expect.objectContaining({ state: 'failed', attempts: 1, lastError: 'address_refused' }),
    ])
    await sender.stop()
  })

  it('delivers once, with the jti of its entry, and records it', async () => {
    const shop = await site()
    const { sender, logs, logout, entries } = await setUp({ shop: shop.url })
    await logout('sid-1')
    await sender.idle()
    // A second logout of the same session queues nothing new.
    expect(await logout('sid-1')).toBe(0)
    await sender.idle()
    expect(shop.received).toHaveLength(1)
    const [entry] = await entries('shop')
    expect(entry).toMatchObject({ state: 'delivered', attempts: 1, lastStatus: 200 })
    expect(entry!.deliveredAt).toEqual(expect.any(Number))
    expect(shop.received[0]!.claims).toMatchObject({
      aud: 'shop',
      sid: 'sid-1',
      jti: (entry!.payload as { jti: string }).jti,
    })
    expect(logs.lines.at(-1)).toMatchObject({ msg: 'back-channel logout delivered', status: 200 })
    await sender.stop()
  })

  it('retries a site answering 500, with a fresh token under the same jti', async () => {
    const shop = await site((attempt) => (attempt === 1 ? 500 : 200))
    const outcomes: string[] = []
    const { sender, logout, entries } = await setUp(
      { shop: shop.url },
      { retryDelaysMs: [1100], onOutcome: (outcome) => outcomes.push(outcome) },
    )
    await logout('sid-1')
    await expect.poll(() => shop.received.length, { interval: 5 }).toBe(1)
    expect(await sender.depth()).toBe(1)
    await sender.idle()
    expect(outcomes).toEqual(['retrying', 'delivered'])
    expect(await sender.depth()).toBe(0)
    expect(shop.received).toHaveLength(2)
    const [first, second] = shop.received
    expect(second!.claims.jti).toBe(first!.claims.jti)
    // Minted at send time: the retry's token is issued when it is sent, not at the logout.
    expect(second!.claims.iat).toBeGreaterThan(first!.claims.iat!)
    expect(second!.claims.exp).toBeGreaterThan(second!.at / 1000)
    expect(await entries('shop')).toEqual([
      expect.objectContaining({ state: 'delivered', attempts: 2, lastStatus: 200 }),
    ])
  })

  it('gives up after its retries, recording the last answer', async () => {
    const shop = await site(() => 503)
    const outcomes: string[] = []
    const { sender, logs, logout, entries } = await setUp(
      { shop: shop.url },
      { onOutcome: (outcome) => outcomes.push(outcome) },
    )
    await logout('sid-1')
    await sender.idle()
    expect(shop.received).toHaveLength(3)
    expect(await entries('shop')).toEqual([
      expect.objectContaining({
        state: 'failed',
        attempts: 3,
        lastStatus: 503,
        lastError: 'status_503',
      }),
    ])
    expect(logs.lines.at(-1)).toMatchObject({
      msg: 'back-channel logout failed',
      outcome: 'gave_up',
    })
    expect(outcomes).toEqual(['retrying', 'retrying', 'gave_up'])
  })

  it('delivers to one site while another times out', async () => {
    const slow = await site(() => 'hang')
    const fast = await site()
    const { sender, logout, entries } = await setUp(
      { shop: slow.url, forum: fast.url },
      { timeoutMs: 3000, retryDelaysMs: [] },
    )
    const started = Date.now()
    await logout('sid-1')
    await expect.poll(() => fast.received.length, { timeout: 2000, interval: 10 }).toBe(1)
    // Before the slow site's attempt could have timed out: it did not wait for that one.
    expect(fast.received[0]!.at - started).toBeLessThan(3000)
    // The slow site's attempt is still running, and the fast one is recorded (its outcome is
    // written just after the answer arrives, so it is polled for, not read at once).
    expect(slow.received).toHaveLength(1)
    await expect
      .poll(() => entries('forum'), { timeout: 2000, interval: 10 })
      .toEqual([expect.objectContaining({ state: 'delivered' })])
    expect(await entries('shop')).toEqual([expect.objectContaining({ state: 'pending' })])
    await sender.stop()
    expect(await entries('shop')).toEqual([
      // The outbound client's word for a site that did not answer in time.
      expect.objectContaining({ state: 'failed', lastError: 'unreachable' }),
    ])
  })

  it('lets a delivery in flight finish and record its outcome before storage closes', async () => {
    const shop = await site(() => new Promise((done) => setTimeout(() => done(200), 200)))
    const { bridge, logs, logout } = await setUp({ shop: shop.url })
    await logout('sid-1')
    await expect.poll(() => shop.received.length, { interval: 5 }).toBe(1)
    const closing = Date.now()
    await bridge.storage.close()
    expect(Date.now() - closing).toBeGreaterThanOrEqual(100)
    expect(logs.lines.map((line) => line.msg)).toEqual(['back-channel logout delivered'])
  })

  it('stops claiming once stopped, leaving what is due to another process', async () => {
    const shop = await site()
    const { sender, logout, entries } = await setUp({ shop: shop.url })
    await sender.stop()
    await logout('sid-1')
    await new Promise((done) => setTimeout(done, 50))
    expect(shop.received).toEqual([])
    expect(await entries('shop')).toEqual([
      expect.objectContaining({ state: 'pending', attempts: 0 }),
    ])
  })
})
