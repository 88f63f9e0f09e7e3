/**
 * A back-channel logout to a site that is down while the bridge that served the logout stops, and
 * up when a new bridge starts on the same database: the new one delivers it, once, with the jti
 * the entry was queued with. Run on SQLite and on Postgres.
 */
import { randomBytes } from 'node:crypto'
import { expect } from 'vitest'
import { BACKCHANNEL_KIND } from '../domain/backchannel-outbox.js'
import type { Storage } from '../storage/types.js'
import { freePort, startBackchannelSite } from './backchannel-site.js'
import { createTestBridge, signInWithPassword, testConfig } from './bridge-fixture.js'

const FROM_BRIDGE = { 'Sec-Fetch-Site': 'same-origin' }

export async function deliversAfterRestart(open: () => Promise<Storage>): Promise<void> {
  const port = await freePort()
  const base = testConfig()
  const [shop, ...rest] = base.apps
  const url = `http://127.0.0.1:${port}/sso/backchannel-logout`
  const config = {
    ...base,
    apps: [{ ...shop, backchannelLogoutUrl: url, dangerouslyAllowPrivateNetwork: true }, ...rest],
  }
  const masterKey = randomBytes(32)
  const backchannel = { timeoutMs: 500, retryDelaysMs: [200, 200, 200], pollMs: 50 }

  const first = await open()
  const before = await createTestBridge({ storage: first, masterKey, config, backchannel })
  const browser = before.browser()
  await signInWithPassword(browser)
  await browser.get('/logout', FROM_BRIDGE)
  const list = (storage: Storage) =>
    storage.outbox.list({ kind: BACKCHANNEL_KIND, owner: 'shop', limit: 5 })
  // The first attempt finds nobody listening, and a retry is scheduled.
  await expect
    .poll(async () => (await list(first))[0]?.lastError, { timeout: 3000, interval: 20 })
    .toBe('unreachable')
  // Closing the storage stops the worker (its retry timer too): the process is gone.
  await first.close()

  const site = await startBackchannelSite(() => 200, port)
  const second = await open()
  try {
    await createTestBridge({ storage: second, masterKey, config, backchannel })
    // Nothing but the new bridge's own worker delivers it: no logout happens on it.
    await expect.poll(() => site.received.length, { timeout: 3000, interval: 20 }).toBe(1)
    const [entry] = await list(second)
    await expect.poll(async () => (await list(second))[0]?.state).toBe('delivered')
    expect(site.received[0]!.claims).toMatchObject({
      aud: 'shop',
      jti: (entry!.payload as { jti: string }).jti,
    })
    await new Promise((done) => setTimeout(done, 300))
    expect(site.received).toHaveLength(1)
  } finally {
    await second.close()
    await site.close()
  }
}
