/**
 * A bridge with its metrics listener, driven over real HTTP: the figures move with the traffic,
 * no label carries user data, and the public port never serves them.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest'
import { parseConfig } from '../config/load-config.js'
import { createLogger } from '../logger.js'
import { startBridge, type RunningBridge } from '../server.js'
import {
  ALICE,
  ISSUER,
  testConfig,
  testEnv,
  signInWithPassword,
} from '../testing/bridge-fixture.js'
import { TestBrowser } from '../testing/test-browser.js'

const env = { ...testEnv, SSOBRIDGE_SECRET_KEY: 'ab'.repeat(32) }
const dirs: string[] = []
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'ssobridge-metrics-'))
  dirs.push(dir)
  return dir
}
afterAll(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })))

function start(options: Partial<Parameters<typeof startBridge>[0]> = {}) {
  return startBridge({
    port: 0,
    dataDir: tempDir(),
    config: parseConfig(testConfig(), testEnv),
    env,
    logger: createLogger('silent'),
    ...options,
  })
}

/** A browser that talks to the real listener; the config's issuer stays the origin it sends. */
function browserFor(bridge: RunningBridge) {
  return new TestBrowser({
    request: (href, init) =>
      fetch(href.replace(ISSUER, bridge.url), { ...init, redirect: 'manual' }),
  })
}

async function scrape(bridge: RunningBridge): Promise<string> {
  const response = await fetch(bridge.metricsUrl!)
  expect(response.status).toBe(200)
  expect(response.headers.get('content-type')).toContain('text/plain')
  return response.text()
}

/** The value of the sample whose name and labels are exactly `series`; 0 when absent. */
function sample(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(series + ' '))
  return line ? Number(line.slice(series.length + 1)) : 0
}

/** Every label value in the exposition, by label name. */
function labelValues(text: string): Map<string, Set<string>> {
  const values = new Map<string, Set<string>>()
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue
    const labels = /\{(.*)\}/.exec(line)?.[1]
    if (!labels) continue
    for (const [, name, value] of labels.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) {
      if (!values.has(name!)) values.set(name!, new Set())
      values.get(name!)!.add(value!)
    }
  }
  return values
}

describe('the metrics listener', () => {
  let bridge: RunningBridge
  beforeAll(async () => {
    bridge = await start({ metricsPort: 0 })
  })
  afterAll(() => bridge.close())

  it('counts sign-ins, refusals, minted tokens, requests and storage calls as traffic comes', async () => {
    const before = await scrape(bridge)
    const signedIn = await signInWithPassword(browserFor(bridge))
    expect(signedIn.status).toBe(200)
    expect(await signedIn.text()).toContain('name="token"')
    const wrong = await signInWithPassword(browserFor(bridge), {}, { ...ALICE, password: 'nope' })
    expect(wrong.status).toBe(401)
    const forum = await signInWithPassword(browserFor(bridge), {
      app: 'forum',
      redirect_uri: 'http://127.0.0.1:4002/sso/callback',
    })
    expect(forum.status).toBe(200)
    const unknownApp = await fetch(`${bridge.url}/authorize?app=nope&state=s`)
    expect(unknownApp.status).toBe(400)
    // Groups that answer in JSON count their refusals too.
    const badGrant = await fetch(`${bridge.url}/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=authorization_code',
    })
    expect(badGrant.status).toBe(400)
    expect(((await badGrant.json()) as { error: string }).error).toBe('invalid_request')
    const anonymousApi = await fetch(`${bridge.url}/admin/api/apps`)
    expect(anonymousApi.status).toBe(401)
    const after = await scrape(bridge)

    const moved = (series: string) => sample(after, series) - sample(before, series)
    expect(
      moved('ssobridge_sign_ins_total{app="shop",connection="staff",outcome="succeeded"}'),
    ).toBe(1)
    expect(
      moved(
        'ssobridge_sign_ins_total{app="shop",connection="staff",outcome="failed",reason="invalid_credentials"}',
      ),
    ).toBe(1)
    expect(
      moved('ssobridge_sign_ins_total{app="forum",connection="staff",outcome="succeeded"}'),
    ).toBe(1)
    expect(moved('ssobridge_refusals_total{code="unknown_app"}')).toBe(1)
    expect(moved('ssobridge_refusals_total{code="invalid_request"}')).toBe(1)
    expect(moved('ssobridge_refusals_total{code="unauthorized"}')).toBe(1)
    expect(
      moved(
        'ssobridge_http_request_duration_seconds_count{group="token",method="POST",status="400"}',
      ),
    ).toBe(1)
    expect(
      moved(
        'ssobridge_http_request_duration_seconds_count{group="admin_api",method="GET",status="401"}',
      ),
    ).toBe(1)
    expect(moved('ssobridge_tokens_minted_total{alg="HS256"}')).toBe(1)
    expect(moved('ssobridge_tokens_minted_total{alg="ES256"}')).toBe(1)
    expect(
      moved(
        'ssobridge_http_request_duration_seconds_count{group="authorize",method="GET",status="302"}',
      ),
    ).toBe(3)
    expect(
      moved(
        'ssobridge_http_request_duration_seconds_count{group="authorize",method="GET",status="400"}',
      ),
    ).toBe(1)
    expect(
      moved(
        'ssobridge_http_request_duration_seconds_count{group="login",method="POST",status="200"}',
      ),
    ).toBe(2)
    expect(
      moved(
        'ssobridge_http_request_duration_seconds_count{group="login",method="POST",status="401"}',
      ),
    ).toBe(1)
    // Each sign-in consumes its login transaction: at least one consume per sign-in.
    expect(moved('ssobridge_storage_duration_seconds_count{op="consume"}')).toBeGreaterThanOrEqual(
      2,
    )
    expect(moved('ssobridge_storage_duration_seconds_count{op="get"}')).toBeGreaterThan(0)
    expect(after).toMatch(/^process_cpu_user_seconds_total \d/m)
    expect(after).toMatch(/^nodejs_heap_size_used_bytes \d/m)
  })

  it('labels with ids and codes only: no email, address, path or user id', async () => {
    await fetch(`${bridge.url}/connections/${encodeURIComponent(ALICE.email)}/start`)
    await fetch(`${bridge.url}/no/such/${ALICE.email}`)
    await signInWithPassword(
      browserFor(bridge),
      {},
      { email: 'mallory@evil.example', password: 'x' },
    )
    const text = await scrape(bridge)
    const labels = labelValues(text)
    for (const [name, values] of labels) {
      for (const value of values) {
        expect(value, `${name}="${value}"`).not.toMatch(/@|\/|^\d+\.\d+\.\d+\.\d+$|:.*:/)
      }
    }
    for (const value of labels.get('app') ?? []) {
      expect(['shop', 'forum', 'partner-portal', 'none']).toContain(value)
    }
    for (const value of labels.get('connection') ?? []) {
      expect(['staff', 'partners']).toContain(value)
    }
    expect(labels.get('group')).toContain('unmatched')
    expect(text).not.toContain('alice')
    expect(text).not.toContain('mallory')
  })

  it('serves nothing but /metrics, and the public port does not serve it', async () => {
    const origin = new URL(bridge.metricsUrl!).origin
    expect(new URL(bridge.metricsUrl!).hostname).toBe('127.0.0.1')
    expect(new URL(bridge.metricsUrl!).port).not.toBe(String(bridge.port))
    expect((await fetch(`${origin}/`)).status).toBe(404)
    expect((await fetch(`${origin}/healthz/ready`)).status).toBe(404)
    expect((await fetch(`${origin}/metrics`, { method: 'POST' })).status).toBe(404)
    const publicMetrics = await fetch(`${bridge.url}/metrics`)
    expect(publicMetrics.status).toBe(404)
    expect(await publicMetrics.text()).not.toContain('ssobridge_')
  })
})

describe('without a metrics port', () => {
  const bridges: RunningBridge[] = []
  afterEach(async () => {
    for (const bridge of bridges.splice(0)) await bridge.close()
  })

  it('has no metrics listener and counts nothing', async () => {
    const bridge = await start()
    bridges.push(bridge)
    expect(bridge.metricsUrl).toBeUndefined()
    expect(await bridge.services.metrics.scrape()).toBeUndefined()
    expect((await fetch(`${bridge.url}/metrics`)).status).toBe(404)
  })

  it('refuses the public port as the metrics port, before it opens anything', async () => {
    await expect(start({ port: 45_123, metricsPort: 45_123 })).rejects.toThrow(
      'the metrics port must differ from the public port (45123)',
    )
  })

  it('names a metrics port in use, and leaves the public port free', async () => {
    const first = await start({ metricsPort: 0 })
    bridges.push(first)
    const taken = Number(new URL(first.metricsUrl!).port)
    await expect(start({ metricsPort: taken })).rejects.toThrow(
      `metrics listener: port ${taken} on 127.0.0.1 is already in use`,
    )
  })

  it('keeps the figures of two bridges in one process apart', async () => {
    const one = await start({ metricsPort: 0 })
    const two = await start({ metricsPort: 0 })
    bridges.push(one, two)
    await fetch(`${one.url}/authorize?app=nope&state=s`)
    expect(sample(await scrape(one), 'ssobridge_refusals_total{code="unknown_app"}')).toBe(1)
    expect(sample(await scrape(two), 'ssobridge_refusals_total{code="unknown_app"}')).toBe(0)
  })
})
