/**
 * Postgres going away under a running bridge (a real Postgres behind a relay the test cuts):
 * pages, /token and readiness answer 503 to retry, never a stack or a server_error, and the
 * bridge serves again by itself once the database is back.
 */
import { randomBytes } from 'node:crypto'
import * as client from 'openid-client'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLogger } from '../logger.js'
import { createPostgresStorage } from '../storage/postgres.js'
import type { Storage } from '../storage/types.js'
import { authorizeUrl, createTestBridge, SHOP_CALLBACK } from '../testing/bridge-fixture.js'
import { CRM_CALLBACK, CRM_SECRET, startOpBridge, walk } from '../testing/op-fixture.js'
import { findPostgresTestDatabase, type TestSchema } from '../testing/postgres-test-database.js'
import { startTcpCut, type TcpCut } from '../testing/tcp-cut.js'

const postgres = await findPostgresTestDatabase()

describe.runIf(postgres.available)('a bridge whose Postgres goes away and comes back', () => {
  let schema: TestSchema
  let relay: TcpCut
  let storage: Storage
  let bridge: Awaited<ReturnType<typeof createTestBridge>>
  const logs: { level: string; msg: string; code?: string }[] = []

  beforeAll(async () => {
    schema = await postgres.createSchema()
    const server = new URL(postgres.url)
    relay = await startTcpCut({ host: server.hostname, port: Number(server.port || 5432) })
    const viaRelay = new URL(schema.connectionString)
    viaRelay.hostname = '127.0.0.1'
    viaRelay.port = String(relay.port)
    // So that the test can find the bridge's own backends among those of other test files.
    viaRelay.searchParams.set('application_name', schema.name)
    storage = await createPostgresStorage({ connectionString: viaRelay.toString() })
    await storage.migrate()
    const logger = createLogger('info', (line) => logs.push(JSON.parse(line) as never))
    bridge = await createTestBridge({ storage, masterKey: randomBytes(32), logger })
  })
  afterAll(async () => {
    await storage?.close()
    await relay?.close()
    await schema?.drop()
  })

  const page = () => bridge.app.request(authorizeUrl({ redirect_uri: SHOP_CALLBACK }))
  const token = () =>
    bridge.app.request('/token', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: 'a'.repeat(43),
        client_id: 'shop',
        redirect_uri: SHOP_CALLBACK,
        code_verifier: 'v'.repeat(43),
      }).toString(),
    })
  const ready = () => bridge.app.request('/healthz/ready')

  it('answers 503 to retry while it is gone, and serves again once it is back', async () => {
    const before = { page: (await page()).status, token: await token(), ready: await ready() }
    expect(before.page).toBeLessThan(500)
    expect(before.token.status).toBeLessThan(500)
    expect(before.ready.status).toBe(200)

    await relay.cut()
    logs.length = 0
    const down = await page()
    expect(down.status).toBe(503)
    expect(down.headers.get('Retry-After')).toBe('5')
    const html = await down.text()
    expect(html).toContain('<code>temporarily_unavailable</code>')
    expect(html).not.toMatch(/ECONNREFUSED|server_error|\n\s+at |\.ts:\d+/)

    const refused = await token()
    expect(refused.status).toBe(503)
    expect(refused.headers.get('Retry-After')).toBe('5')
    expect(await refused.json()).toEqual({
      error: 'temporarily_unavailable',
      error_description: expect.any(String),
    })
    expect(await (await ready()).json()).toMatchObject({ status: 'error', reason: 'unreachable' })
    expect((await ready()).status).toBe(503)
    expect(logs.filter((l) => l.level === 'error' && l.code === 'server_error')).toEqual([])

    await relay.restore()
    // pg.Pool opens new connections on its own: no restart, no reconnect call.
    expect((await ready()).status).toBe(200)
    expect((await page()).status).toBe(before.page)
    expect((await token()).status).toBe(before.token.status)
  })

  it('answers 503 or serves, never a 500, when its connections are terminated, then serves', async () => {
    const normal = (await page()).status
    const admin = new pg.Client({ connectionString: postgres.url })
    await admin.connect()
    try {
      const { rowCount } = await admin.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1',
        [schema.name],
      )
      expect(rowCount).toBeGreaterThan(0)
    } finally {
      await admin.end()
    }
    const statuses = await Promise.all(
      Array.from({ length: 10 }, async () => (await page()).status),
    )
    for (const status of statuses) expect([normal, 503]).toContain(status)
    expect((await ready()).status).toBe(200)
    expect((await page()).status).toBe(normal)
  })
})

describe.runIf(postgres.available)(
  'the OpenID Provider whose Postgres goes away and comes back',
  () => {
    let schema: TestSchema
    let relay: TcpCut
    let storage: Storage
    let op: Awaited<ReturnType<typeof startOpBridge>>
    let config: client.Configuration
    const logs: { level: string; msg: string; code?: string; error?: string }[] = []

    beforeAll(async () => {
      schema = await postgres.createSchema()
      const server = new URL(postgres.url)
      relay = await startTcpCut({ host: server.hostname, port: Number(server.port || 5432) })
      const viaRelay = new URL(schema.connectionString)
      viaRelay.hostname = '127.0.0.1'
      viaRelay.port = String(relay.port)
      storage = await createPostgresStorage({ connectionString: viaRelay.toString() })
      await storage.migrate()
      const logger = createLogger('info', (line) => logs.push(JSON.parse(line) as never))
      op = await startOpBridge({ storages: [storage], bridge: { logger } })
      config = await client.discovery(
        new URL(op.issuer),
        'crm',
        CRM_SECRET,
        client.ClientSecretBasic(CRM_SECRET),
        { execute: [client.allowInsecureRequests] },
      )
    })
    afterAll(async () => {
      await op?.close()
      await storage?.close()
      await relay?.close()
      await schema?.drop()
    })

    async function signIn() {
      const verifier = client.randomPKCECodeVerifier()
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: CRM_CALLBACK,
        scope: 'openid email offline_access',
        prompt: 'consent',
        code_challenge: await client.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state: 'outage',
      })
      const browser = op.browser()
      const back = await walk(browser, op.issuer, url.href)
      const tokens = await client.authorizationCodeGrant(config, back.url, {
        pkceCodeVerifier: verifier,
        expectedState: 'outage',
      })
      return { url, tokens, browser }
    }

    const basic = `Basic ${Buffer.from(`crm:${CRM_SECRET}`).toString('base64')}`
    const refresh = (token: string) =>
      fetch(`${op.issuer}/oidc/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: basic },
        body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: token }).toString(),
      })
    const code = () =>
      fetch(`${op.issuer}/oidc/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: basic },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code: 'a'.repeat(43),
          redirect_uri: CRM_CALLBACK,
          code_verifier: 'v'.repeat(43),
        }).toString(),
      })
    const userinfo = (token: string) =>
      fetch(`${op.issuer}/oidc/userinfo`, { headers: { Authorization: `Bearer ${token}` } })

    const unavailable = {
      error: 'temporarily_unavailable',
      error_description: 'The sign-in service is briefly unavailable. Try again in a moment.',
    }
    const retryLater = (response: Response) => {
      expect(response.status).toBe(503)
      expect(response.headers.get('Retry-After')).toBe('5')
      expect(response.headers.get('Cache-Control')).toBe('no-store')
    }

    it('answers 503 temporarily_unavailable at /oidc/token, /oidc/authorize and /oidc/userinfo, then serves again', async () => {
      const { url, tokens, browser } = await signIn()
      expect((await userinfo(tokens.access_token)).status).toBe(200)
      // A sign-in under way in another browser, at the bridge's interaction page.
      const other = op.browser()
      const started = await other.get(url.href)
      expect(started.status).toBe(303)
      const interaction = started.headers.get('Location')!
      expect(interaction).toMatch(/\/oidc\/interaction\//)

      await relay.cut()
      logs.length = 0
      const page = await op.browser().get(url.href, { Accept: 'text/html' })
      retryLater(page)
      expect(page.headers.get('Content-Type')).toContain('text/html')
      const html = await page.text()
      expect(html).toContain('<code>temporarily_unavailable</code>')
      expect(html).not.toMatch(/ECONNREFUSED|server_error|oops|\n\s+at |\.ts:\d+/)

      // Not login_expired: the sign-in under way goes on once the database is back.
      const midway = await other.get(interaction, { Accept: 'text/html' })
      retryLater(midway)
      expect(await midway.text()).toContain('<code>temporarily_unavailable</code>')

      // Met by the bridge's own middleware around oidc-provider's handlers (it reads the OP
      // session before a logout is confirmed): thrown past them, answered the same way.
      const confirm = await browser.post(
        '/oidc/logout/confirm',
        { xsrf: 'x', logout: 'yes' },
        { Accept: 'text/html' },
      )
      retryLater(confirm)
      expect(await confirm.text()).toContain('<code>temporarily_unavailable</code>')

      for (const answer of [await refresh(tokens.refresh_token!), await code()]) {
        retryLater(answer)
        expect(await answer.json()).toEqual(unavailable)
      }
      // Not invalid_token: a client told that would throw away a token that is still good.
      const info = await userinfo(tokens.access_token)
      retryLater(info)
      expect(await info.json()).toEqual(unavailable)

      // (The back-channel worker's failed polls are its own story: only requests are checked.)
      const failed = logs.filter(
        (l) => l.msg === 'openid provider failed' || l.code === 'server_error',
      )
      expect(failed).toEqual([])
      const warned = logs.filter((l) => l.msg === 'storage unavailable')
      expect(warned.length).toBeGreaterThanOrEqual(6)
      for (const line of warned) expect(line.code).toBe('temporarily_unavailable')

      await relay.restore()
      const again = await userinfo(tokens.access_token)
      expect(again.status).toBe(200)
      expect(((await again.json()) as { email?: string }).email).toBe('alice@example.com')
      const renewed = await refresh(tokens.refresh_token!)
      expect(renewed.status).toBe(200)
      expect(((await renewed.json()) as { id_token?: string }).id_token).toBeTruthy()
      expect((await signIn()).tokens.claims()?.email).toBe('alice@example.com')
      const resumed = await walk(other, op.issuer, interaction)
      expect(resumed.url.href.startsWith(`${CRM_CALLBACK}?code=`)).toBe(true)
    })
  },
)
