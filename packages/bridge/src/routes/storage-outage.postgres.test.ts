/**
 * Postgres going away under a running bridge (a real Postgres behind a relay the test cuts):
 * pages, /token and readiness answer 503 to retry, never a stack or a server_error, and the
 * bridge serves again by itself once the database is back.
 */
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLogger } from '../logger.js'
import { createPostgresStorage } from '../storage/postgres.js'
import type { Storage } from '../storage/types.js'
import { authorizeUrl, createTestBridge, SHOP_CALLBACK } from '../testing/bridge-fixture.js'
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
