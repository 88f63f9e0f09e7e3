/**
 * The sign-in throttle over real HTTP behind a trusted proxy (X-Forwarded-For names the client),
 * on SQLite and Postgres: a hundred parallel guesses get no more password checks than the rule
 * allows, and one address's failures never keep a right password of another account out.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createAdmin } from '../admin/admin-accounts.js'
import { listAudit } from '../domain/audit-log.js'
import { parseConfig } from '../config/load-config.js'
import { createLogger } from '../logger.js'
import { startBridge, type RunningBridge } from '../server.js'
import { findPostgresTestDatabase } from '../testing/postgres-test-database.js'
import { ALICE, authorizeUrl, ISSUER, testConfig, testEnv } from '../testing/bridge-fixture.js'
import { readForm, TestBrowser } from '../testing/test-browser.js'
import { ADMIN, formFields } from '../testing/admin-console-test-kit.js'

const postgres = await findPostgresTestDatabase()

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function start(database: 'sqlite' | 'postgres'): Promise<RunningBridge> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ssobridge-throttle-'))
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }))
  let databaseUrl: string | undefined
  if (database === 'postgres') {
    const schema = await postgres.createSchema()
    cleanups.push(schema.drop)
    databaseUrl = schema.connectionString
  }
  const bridge = await startBridge({
    port: 0,
    dataDir,
    databaseUrl,
    config: parseConfig(testConfig(), testEnv),
    env: { SSOBRIDGE_SECRET_KEY: 'ab'.repeat(32), SSOBRIDGE_TRUST_PROXY: 'loopback' },
    logger: createLogger('silent'),
  })
  cleanups.push(() => bridge.close())
  return bridge
}

/** A browser that talks to the bridge over HTTP, as the client at `address` behind the proxy. */
function browserAt(bridge: RunningBridge, address: string) {
  const http = {
    request: (href: string, init: RequestInit) =>
      fetch(href.replace(ISSUER, bridge.url), {
        ...init,
        redirect: 'manual',
        headers: { ...(init.headers as Record<string, string>), 'X-Forwarded-For': address },
      }),
  }
  return new TestBrowser(http, ISSUER)
}

/** Opens a login form at `address`; the returned function submits it once. */
async function loginForm(bridge: RunningBridge, address: string) {
  const browser = browserAt(bridge, address)
  const start = await browser.get(authorizeUrl({}))
  const { fields } = readForm(await (await browser.get(start.headers.get('Location')!)).text())
  return (email: string, password: string) =>
    browser.post('/login', { ...fields, email, password, action: 'sign-in' })
}

async function adminForm(bridge: RunningBridge, address: string) {
  const browser = browserAt(bridge, address)
  const fields = formFields(await (await browser.get('/admin/login')).text(), '/admin/login')
  return (email: string, password: string) =>
    browser.post('/admin/login', { ...fields, email, password })
}

/** Opens `n` forms first, then submits them all at once. */
async function inParallel(
  n: number,
  open: (i: number) => Promise<(email: string, password: string) => Promise<Response>>,
  credentials: (i: number) => [string, string],
) {
  const forms = await Promise.all(Array.from({ length: n }, (_, i) => open(i)))
  const responses = await Promise.all(forms.map((submit, i) => submit(...credentials(i))))
  return responses.map((r) => r.status)
}

const count = (statuses: number[], status: number) => statuses.filter((s) => s === status).length

async function reasons(bridge: RunningBridge, event: string) {
  const { entries } = await listAudit(bridge.services.storage, { event }, { limit: 500 })
  const tally: Record<string, number> = {}
  for (const entry of entries) {
    const reason = String((entry as { reason?: string }).reason)
    tally[reason] = (tally[reason] ?? 0) + 1
  }
  return tally
}

const wrong = (i: number): [string, string] => [ALICE.email, `wrong password ${i}`]

for (const database of ['sqlite', 'postgres'] as const) {
  describe.runIf(database === 'sqlite' || postgres.available)(
    `sign-in throttle on ${database}`,
    () => {
      it('checks 5 of 100 parallel wrong passwords from one address; another address still signs in', async () => {
        const bridge = await start(database)
        const statuses = await inParallel(100, () => loginForm(bridge, '203.0.113.9'), wrong)
        expect(count(statuses, 401)).toBe(5)
        expect(count(statuses, 429)).toBe(95)
        expect(await reasons(bridge, 'sign_in.failed')).toEqual({
          invalid_credentials: 5,
          too_many_attempts: 95,
        })
        const same = await (await loginForm(bridge, '203.0.113.9'))(ALICE.email, ALICE.password)
        expect(same.status).toBe(429)
        expect(await same.text()).toContain('Too many failed attempts')
        const other = await (await loginForm(bridge, '198.51.100.1'))(ALICE.email, ALICE.password)
        expect(other.status).toBe(200)
        expect(readForm(await other.text()).fields.token).toBeTruthy()
      })

      it("checks 20 of 100 parallel wrong passwords from 100 addresses; the owner's address still signs in", async () => {
        const bridge = await start(database)
        const before = await (await loginForm(bridge, '192.0.2.10'))(ALICE.email, ALICE.password)
        expect(before.status).toBe(200)
        const statuses = await inParallel(100, (i) => loginForm(bridge, `198.51.100.${i}`), wrong)
        expect(count(statuses, 401)).toBe(20)
        expect(count(statuses, 429)).toBe(80)
        const stranger = await (await loginForm(bridge, '203.0.113.7'))(ALICE.email, ALICE.password)
        expect(stranger.status).toBe(429)
        const owner = await (await loginForm(bridge, '192.0.2.10'))(ALICE.email, ALICE.password)
        expect(owner.status).toBe(200)
        expect(readForm(await owner.text()).fields.token).toBeTruthy()
      })

      it('checks 5 of 100 parallel wrong admin passwords from one address', async () => {
        const bridge = await start(database)
        await createAdmin(bridge.services.storage, { type: 'cli', id: 'test' }, ADMIN)
        const statuses = await inParallel(
          100,
          () => adminForm(bridge, '203.0.113.9'),
          (i) => [ADMIN.email, `wrong admin password ${i}`],
        )
        expect(count(statuses, 401)).toBe(5)
        expect(count(statuses, 429)).toBe(95)
        expect(await reasons(bridge, 'admin.sign_in_failed')).toEqual({
          invalid_credentials: 5,
          too_many_attempts: 95,
        })
      })

      it("never refuses a right password of another account, or the admin console, for an address's failures", async () => {
        const bridge = await start(database)
        await createAdmin(bridge.services.storage, { type: 'cli', id: 'test' }, ADMIN)
        // Everyone behind one proxy that is not configured: one address for all.
        const statuses = await inParallel(
          60,
          () => loginForm(bridge, '10.0.0.1'),
          (i) => [`guess${i}@example.com`, 'wrong password'],
        )
        expect(count(statuses, 401)).toBe(60)
        const admin = await (await adminForm(bridge, '10.0.0.1'))(ADMIN.email, ADMIN.password)
        expect(admin.status).toBe(303)
        expect(admin.headers.get('Location')).toBe('/admin')
        const alice = await (await loginForm(bridge, '10.0.0.1'))(ALICE.email, ALICE.password)
        expect(alice.status).toBe(200)
        expect(readForm(await alice.text()).fields.token).toBeTruthy()
      })
    },
  )
}
