/**
 * For tests that need a real Postgres: decides once per test file whether it can run, and hands
 * out throwaway schemas so parallel test files never see each other's rows. Without a reachable
 * server a suite is skipped loudly, except under CI=true, where that is a failure.
 *
 *   const postgres = await findPostgresTestDatabase()
 *   describe.runIf(postgres.available)('…', () => {
 *     it('…', async () => {
 *       const schema = await postgres.createSchema()
 *       try { … createStorage({ databaseUrl: schema.connectionString, … }) … }
 *       finally { await schema.drop() }
 *     })
 *   })
 */
import { randomBytes } from 'node:crypto'
import { userInfo } from 'node:os'
import pg from 'pg'
import { checkSchemaName, withSearchPath } from '../storage/search-path.js'

export const DEFAULT_TEST_DATABASE_URL = 'postgres://127.0.0.1:5432/test'

/** TEST_DATABASE_URL, or the local default. */
export const testDatabaseUrl = withDefaultUser(
  process.env.TEST_DATABASE_URL || DEFAULT_TEST_DATABASE_URL,
  process.env,
)

export interface TestSchema {
  name: string
  /** The database URL pinned to this schema: whatever is opened from it works inside it. */
  connectionString: string
  /** DROP SCHEMA … CASCADE; call it after closing the pools that use the schema. */
  drop(): Promise<void>
}

export interface PostgresTestDatabase {
  /** false (after a loud warning) when the server is unreachable outside CI: skip the suite. */
  available: boolean
  /** The server's URL, not pinned to any schema. */
  url: string
  /** A schema with a fresh random name; created now unless `create: false`. */
  createSchema(options?: { create?: boolean }): Promise<TestSchema>
}

export async function findPostgresTestDatabase(
  env: Record<string, string | undefined> = process.env,
): Promise<PostgresTestDatabase> {
  const url = withDefaultUser(env.TEST_DATABASE_URL || DEFAULT_TEST_DATABASE_URL, env)
  const problem = await reach(url)
  if (problem) {
    const where = describeServer(url)
    if (env.CI === 'true') {
      throw new Error(`Postgres is required under CI=true but ${where} is unreachable: ${problem}`)
    }
    console.warn(
      `\n*** POSTGRES SUITE SKIPPED: cannot reach ${where} (${problem}). ` +
        'Start Postgres or set TEST_DATABASE_URL. ***\n',
    )
  }
  return {
    available: !problem,
    url,
    async createSchema({ create = true } = {}) {
      if (problem) throw new Error('Postgres is not available; check `available` and skip')
      const name = newTestSchema()
      if (create) await run(url, `CREATE SCHEMA "${name}"`)
      return {
        name,
        connectionString: withSearchPath(url, name),
        drop: () => dropTestSchema(name, url),
      }
    },
  }
}

// The smaller API that tests elsewhere already use with createPostgresStorage({ schema }).

export const postgresAvailable = async (): Promise<boolean> =>
  (await findPostgresTestDatabase()).available

export const newTestSchema = (): string => `test_${randomBytes(6).toString('hex')}`

export async function dropTestSchema(schema: string, url = testDatabaseUrl): Promise<void> {
  checkSchemaName(schema)
  await run(url, `DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
}

/** The reason the server cannot be used, or undefined when a query went through. */
async function reach(url: string): Promise<string | undefined> {
  try {
    await run(url, 'SELECT 1', 3000)
    return undefined
  } catch (error) {
    return error instanceof Error ? error.message : String(error)
  }
}

async function run(url: string, sql: string, connectionTimeoutMillis = 10_000): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis })
  try {
    await client.connect()
    await client.query(sql)
  } finally {
    await client.end().catch(() => undefined)
  }
}

/**
 * libpq (psql) falls back to the OS user name; `pg` only to $USER, which containers often lack,
 * and then the server refuses the connection. Do what psql does.
 */
function withDefaultUser(url: string, env: Record<string, string | undefined>): string {
  const parsed = new URL(url)
  if (parsed.username || env.PGUSER || env.USER) return url
  parsed.username = userInfo().username
  return parsed.toString()
}

/** Host and database only: the URL may carry a password. */
function describeServer(url: string): string {
  const { host, pathname } = new URL(url)
  return `${host}${pathname}`
}
