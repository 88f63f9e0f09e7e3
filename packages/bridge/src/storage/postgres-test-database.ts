/**
 * For tests that need a real Postgres: a fresh schema per suite, dropped afterwards. Without a
 * reachable server the suite is skipped loudly, except under CI=true, where that is a failure.
 */
import { randomBytes } from 'node:crypto'
import pg from 'pg'

export const testDatabaseUrl =
  process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

export async function postgresAvailable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: testDatabaseUrl, connectionTimeoutMillis: 3000 })
  try {
    await client.connect()
    await client.query('SELECT 1')
    return true
  } catch (error) {
    if (process.env.CI === 'true') {
      throw new Error(
        `Postgres is required under CI=true and unreachable: ${(error as Error).message}`,
      )
    }
    console.warn(
      `\n*** POSTGRES SUITE SKIPPED: cannot reach ${new URL(testDatabaseUrl).host} ` +
        `(${(error as Error).message}). Set TEST_DATABASE_URL or start Postgres. ***\n`,
    )
    return false
  } finally {
    await client.end().catch(() => undefined)
  }
}

export const newTestSchema = () => `test_${randomBytes(6).toString('hex')}`

export async function dropTestSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: testDatabaseUrl })
  await client.connect()
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
  } finally {
    await client.end()
  }
}
