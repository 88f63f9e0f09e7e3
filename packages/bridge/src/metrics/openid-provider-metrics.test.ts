/**
 * Tokens the OpenID Provider signs count in ssobridge_tokens_minted_total like the bridge's own:
 * a real code flow (openid-client against the bridge's listener), then a scrape of the metrics
 * listener.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { decodeProtectedHeader } from 'jose'
import * as client from 'openid-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort } from '../../../../scripts/free-port.js'
import { parseConfig } from '../config/load-config.js'
import { createLogger } from '../logger.js'
import { startBridge, type RunningBridge } from '../server.js'
import { testConfig, testEnv } from '../testing/bridge-fixture.js'
import { CRM_CALLBACK, CRM_SECRET, opApps, SPA_PAGE, walk } from '../testing/op-fixture.js'
import { TestBrowser } from '../testing/test-browser.js'

let dir: string
let bridge: RunningBridge

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ssobridge-op-metrics-'))
  // The issuer is the listener itself, so that openid-client's discovery reaches it as named.
  const port = await freePort()
  const file = testConfig({
    issuer: `http://localhost:${port}`,
    apps: [...testConfig().apps, ...opApps],
  })
  bridge = await startBridge({
    port,
    dataDir: dir,
    config: parseConfig(file, testEnv),
    env: { ...testEnv, SSOBRIDGE_SECRET_KEY: 'cd'.repeat(32) },
    logger: createLogger('silent'),
    metricsPort: 0,
  })
})
afterAll(async () => {
  await bridge?.close()
  rmSync(dir, { recursive: true, force: true })
})

async function minted(): Promise<Map<string, number>> {
  const response = await fetch(bridge.metricsUrl!)
  expect(response.status).toBe(200)
  const counts = new Map<string, number>()
  for (const line of (await response.text()).split('\n')) {
    const match = /^ssobridge_tokens_minted_total\{alg="([^"]*)"\} (\d+)$/.exec(line)
    if (match) counts.set(match[1]!, Number(match[2]))
  }
  return counts
}

const browser = () =>
  new TestBrowser(
    { request: (url, init) => fetch(url, { ...init, redirect: 'manual' }) },
    bridge.issuer,
  )

async function codeFlow(config: client.Configuration, redirectUri: string) {
  const verifier = client.randomPKCECodeVerifier()
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: 'openid email offline_access',
    prompt: 'consent',
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state: 'metrics',
  })
  const back = await walk(browser(), bridge.issuer, url.href)
  return client.authorizationCodeGrant(config, back.url, {
    pkceCodeVerifier: verifier,
    expectedState: 'metrics',
  })
}

const discover = (id: string, auth: client.ClientAuth, secret?: string) =>
  client.discovery(new URL(bridge.issuer), id, secret, auth, {
    execute: [client.allowInsecureRequests],
  })

describe('tokens the OpenID Provider mints', () => {
  it('count by signing algorithm: the ID token and the JWT access token of each grant', async () => {
    const before = await minted()
    const moved = (after: Map<string, number>, alg: string) =>
      (after.get(alg) ?? 0) - (before.get(alg) ?? 0)

    // crm signs with RS256, a confidential client with refresh tokens.
    const crm = await discover('crm', client.ClientSecretBasic(CRM_SECRET), CRM_SECRET)
    const tokens = await codeFlow(crm, CRM_CALLBACK)
    expect(decodeProtectedHeader(tokens.id_token!).alg).toBe('RS256')
    expect(decodeProtectedHeader(tokens.access_token).alg).toBe('RS256')
    const afterCode = await minted()
    expect(moved(afterCode, 'RS256')).toBe(2)

    const renewed = await client.refreshTokenGrant(crm, tokens.refresh_token!)
    expect(renewed.id_token).toBeTruthy()
    const afterRefresh = await minted()
    expect(moved(afterRefresh, 'RS256')).toBe(4)

    // notes signs with ES256, a public client (PKCE, no secret).
    const notes = await discover('notes', client.None())
    const spa = await codeFlow(notes, SPA_PAGE)
    expect(decodeProtectedHeader(spa.id_token!).alg).toBe('ES256')
    const after = await minted()
    expect(moved(after, 'ES256')).toBe(2)
    expect(moved(after, 'RS256')).toBe(4)

    // A refused grant mints nothing.
    await expect(client.refreshTokenGrant(crm, 'not-a-refresh-token')).rejects.toMatchObject({
      error: 'invalid_grant',
    })
    expect(await minted()).toEqual(after)
    // Algorithms only: no subject, email or client in the label.
    for (const alg of after.keys()) expect(['HS256', 'ES256', 'RS256', 'EdDSA']).toContain(alg)
  })
})
