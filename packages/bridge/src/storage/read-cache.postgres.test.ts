import pg from 'pg'
import { afterEach, describe, expect, it } from 'vitest'
import { findPostgresTestDatabase, type TestSchema } from '../testing/postgres-test-database.js'
import { createPostgresStorage } from './postgres.js'
import { readCache } from './read-cache.js'
import { READ_MOSTLY_NAMESPACES } from './read-mostly.js'
import { driverOf } from './storage.conformance.js'

const postgres = await findPostgresTestDatabase()
const CACHED = 'bridge-secret'
const BOUND_MS = 5_000

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

/** Two instances on one new schema: `a` behind its cache, `b` writing as another process. */
async function twoInstances() {
  const schema: TestSchema = await postgres.createSchema({ create: false })
  cleanups.push(schema.drop)
  const open = async () => {
    const storage = await createPostgresStorage({
      connectionString: postgres.url,
      schema: schema.name,
    })
    await storage.migrate()
    cleanups.push(() => storage.close())
    return storage
  }
  const a = await open()
  const b = await open()
  const cache = readCache(a, READ_MOSTLY_NAMESPACES)
  await until(() => a.changes.isLive())
  return { schema, a, b, cache }
}

/** Polls every 5 ms; returns how long it took, or throws after BOUND_MS. */
async function until(check: () => boolean | Promise<boolean>): Promise<number> {
  const started = performance.now()
  while (!(await check())) {
    if (performance.now() - started > BOUND_MS) throw new Error('not within the bound')
    await new Promise((go) => setTimeout(go, 5))
  }
  return performance.now() - started
}

async function sql(connectionString: string, text: string) {
  const client = new pg.Client({ connectionString })
  await client.connect()
  try {
    return await client.query(text)
  } finally {
    await client.end()
  }
}

describe.runIf(postgres.available)('the read cache on Postgres', () => {
  it("sees another instance's change within a second", async () => {
    const { b, cache } = await twoInstances()
    await b.set(CACHED, 'k', 'v1')
    expect(await cache.get(CACHED, 'k')).toBe('v1')
    await b.set(CACHED, 'k', 'v2')
    const ms = await until(async () => (await cache.get(CACHED, 'k')) === 'v2')
    console.log(`change seen by the other instance after ${ms.toFixed(1)} ms`)
    expect(ms).toBeLessThan(1_000)
  })

  it('sees a change made in plain SQL, which no bridge code announced', async () => {
    const { schema, b, cache } = await twoInstances()
    await b.set(CACHED, 'k', 'v1')
    expect(await cache.get(CACHED, 'k')).toBe('v1')
    await sql(schema.connectionString, `UPDATE records SET value = '"by hand"' WHERE key = 'k'`)
    await until(async () => (await cache.get(CACHED, 'k')) === 'by hand')
    await sql(schema.connectionString, `DELETE FROM records WHERE key = 'k'`)
    await until(async () => (await cache.get(CACHED, 'k')) === undefined)
  })

  it('is told of a change to every read-mostly namespace, and of no other', async () => {
    const { a, b } = await twoInstances()
    const told = new Set<string | undefined>()
    a.changes.subscribe((ns) => told.add(ns))
    const writer = driverOf(b)
    for (const ns of READ_MOSTLY_NAMESPACES) await writer.set(ns, 'probe', 'x')
    await writer.set('session', 'probe', 'x')
    await writer.set('login-tx', 'probe', 'x')
    await until(() => READ_MOSTLY_NAMESPACES.every((ns) => told.has(ns)))
    // A last announced change after the others: by then every earlier one has arrived.
    await writer.delete('app', 'probe')
    await new Promise((go) => setTimeout(go, 100))
    expect(told.has('session')).toBe(false)
    expect(told.has('login-tx')).toBe(false)
  })

  it('is never stale while its listening connection is gone, and recovers', async () => {
    const { schema, b, cache, a } = await twoInstances()
    await b.set(CACHED, 'k', 'v1')
    expect(await cache.get(CACHED, 'k')).toBe('v1')
    const { rowCount } = await sql(
      postgres.url,
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
       WHERE application_name = 'ssobridge changes ${schema.name}'`,
    )
    expect(rowCount).toBe(1)
    // Written while nobody listens: the notification is lost for good.
    await b.set(CACHED, 'k', 'v2')
    expect(await cache.get(CACHED, 'k')).toBe('v2')
    await until(() => a.changes.isLive())
    await b.set(CACHED, 'k', 'v3')
    await until(async () => (await cache.get(CACHED, 'k')) === 'v3')
  })
})
