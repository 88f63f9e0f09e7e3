/**
 * Back-channel logout outcomes reach the metrics with real traffic: a bridge with its metrics
 * listener, two real sites on 127.0.0.1 (one takes the logout, one refuses it), a logout.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { decodeJwt } from 'jose'
import { afterEach, expect, it } from 'vitest'
import { parseConfig } from '../config/load-config.js'
import { createLogger } from '../logger.js'
import { startBridge, type RunningBridge } from '../server.js'
import { startBackchannelSite, type BackchannelSite } from '../testing/backchannel-site.js'
import {
  authorizeUrl,
  FORUM_CALLBACK,
  ISSUER,
  signInWithPassword,
  testConfig,
  testEnv,
} from '../testing/bridge-fixture.js'
import { readForm, TestBrowser } from '../testing/test-browser.js'

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

it('counts a delivered and a refused back-channel logout', async () => {
  const taking: BackchannelSite = await startBackchannelSite(() => 200)
  const refusing: BackchannelSite = await startBackchannelSite(() => 400)
  cleanups.push(
    () => taking.close(),
    () => refusing.close(),
  )
  const base = testConfig()
  const [shop, forum, ...rest] = base.apps
  const sites = { dangerouslyAllowPrivateNetwork: true }
  const config = parseConfig(
    {
      ...base,
      apps: [
        { ...shop, ...sites, backchannelLogoutUrl: taking.url },
        { ...forum, ...sites, backchannelLogoutUrl: refusing.url },
        ...rest,
      ],
    },
    testEnv,
  )
  const dataDir = mkdtempSync(join(tmpdir(), 'ssobridge-metrics-'))
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }))
  const bridge: RunningBridge = await startBridge({
    port: 0,
    metricsPort: 0,
    dataDir,
    config,
    env: { ...testEnv, SSOBRIDGE_SECRET_KEY: 'cd'.repeat(32) },
    logger: createLogger('silent'),
  })
  cleanups.push(() => bridge.close())
  const browser = new TestBrowser({
    request: (href, init) =>
      fetch(href.replace(ISSUER, bridge.url), { ...init, redirect: 'manual' }),
  })

  const token = readForm(await (await signInWithPassword(browser)).text()).fields.token!
  const intoForum = await browser.get(authorizeUrl({ app: 'forum', redirect_uri: FORUM_CALLBACK }))
  expect(intoForum.status).toBe(200)
  const sid = String(decodeJwt(token).sid)
  const out = await browser.get(
    `/logout?app=shop&sid=${sid}&return_to=${encodeURIComponent('http://127.0.0.1:4001/')}`,
  )
  expect(out.status).toBe(303)
  await bridge.services.backchannel.sender.idle()

  expect(taking.received).toHaveLength(1)
  expect(refusing.received).toHaveLength(1)
  const text = await (await fetch(bridge.metricsUrl!)).text()
  expect(text).toContain('ssobridge_backchannel_deliveries_total{outcome="delivered"} 1')
  expect(text).toContain('ssobridge_backchannel_deliveries_total{outcome="refused"} 1')
  expect(text).toMatch(/^ssobridge_storage_duration_seconds_count\{op="outbox_claim"\} [1-9]/m)
  // Nothing left to deliver: the refused one is final, the taken one done.
  expect(text).toMatch(/^ssobridge_backchannel_outbox_pending 0$/m)
})
