/**
 * `ssobridge migrate` as a real process against a Postgres that is not there (yet): the same
 * one-line refusals as `start`, and `--wait-for-db` waiting within its bound, here for a real
 * Postgres behind a relay that comes up while the command waits.
 */
import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { freePort } from '../../../../scripts/free-port.js'
import { migrations, MIGRATIONS_TABLE } from '../storage/migrations.js'
import { spawnCli, type CliProcess } from '../testing/cli-process.js'
import { findPostgresTestDatabase } from '../testing/postgres-test-database.js'
import { startTcpCut } from '../testing/tcp-cut.js'

const postgres = await findPostgresTestDatabase()

let dir: string
const children: ChildProcess[] = []
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ssobridge-migrate-'))
})
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL')
  rmSync(dir, { recursive: true, force: true })
})

const migrate = (args: string[], env: Record<string, string>) =>
  spawnCli(['migrate', ...args], { cwd: dir, children, env: { SSOBRIDGE_DATA_DIR: dir, ...env } })

/** Exits with `code` and one line on stderr, no stack trace. */
async function refused(run: CliProcess, code = 1) {
  expect(await run.exited).toBe(code)
  const { stderr, stdout } = run.output()
  expect(stdout).toBe('')
  expect(stderr.trim().split('\n')).toHaveLength(1)
  expect(stderr).not.toMatch(/\n\s+at |node:internal|\.ts:\d+/)
  return stderr.trim()
}

type LogLine = { msg: string; attempt?: number; retryInMs?: number; database?: string }
const retriesIn = (stderr: string) =>
  stderr
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as LogLine)
    .filter((l) => l.msg === 'database not reachable yet, retrying')

describe('ssobridge migrate, a Postgres that is not there', () => {
  it('fails at once, in one line, on a closed port', async () => {
    const port = await freePort()
    const started = Date.now()
    const line = await refused(
      migrate([], { DATABASE_URL: `postgres://bridge:pw@127.0.0.1:${port}/db` }),
    )
    expect(line).toBe(
      `ssobridge: cannot reach Postgres at 127.0.0.1:${port}/db: connect ECONNREFUSED 127.0.0.1:${port}`,
    )
    expect(Date.now() - started).toBeLessThan(15_000)
  })

  it('with --wait-for-db retries with growing waits, then gives up within the bound', async () => {
    const port = await freePort()
    const started = Date.now()
    const run = migrate(['--wait-for-db', '2'], {
      DATABASE_URL: `postgres://bridge:pw@127.0.0.1:${port}/db`,
      SSOBRIDGE_LOG_LEVEL: 'warn',
    })
    expect(await run.exited).toBe(1)
    const elapsed = Date.now() - started
    const { stderr } = run.output()
    const retries = retriesIn(stderr)
    expect(retries.length).toBeGreaterThanOrEqual(3)
    expect(retries.length).toBeLessThanOrEqual(6)
    expect(retries.map((r) => r.attempt)).toEqual(retries.map((_, i) => i + 1))
    expect(retries[1]!.retryInMs).toBeGreaterThan(retries[0]!.retryInMs!)
    expect(stderr.trim().split('\n').at(-1)).toBe(
      `ssobridge: cannot reach Postgres at 127.0.0.1:${port}/db: connect ECONNREFUSED 127.0.0.1:${port} (gave up after 2 s)`,
    )
    expect(stderr).not.toContain(':pw@')
    expect(elapsed).toBeGreaterThan(2_000)
    expect(elapsed).toBeLessThan(20_000)
  })

  it('refuses a malformed URL without echoing it, and a --wait-for-db that is not seconds', async () => {
    expect(
      await refused(migrate([], { DATABASE_URL: 'postgres://bridge:s3cret@127.0.0.1:port/db' })),
    ).toBe('ssobridge: DATABASE_URL is not a valid postgres:// URL')
    expect(await refused(migrate(['--wait-for-db', 'soon'], {}), 2)).toBe(
      'ssobridge: --wait-for-db must be a whole number from 0 to 3600 (got "soon")',
    )
    expect(await refused(migrate([], { SSOBRIDGE_WAIT_FOR_DB: '9999' }), 2)).toBe(
      'ssobridge: SSOBRIDGE_WAIT_FOR_DB must be a whole number from 0 to 3600 (got "9999")',
    )
  })
})

describe.runIf(postgres.available)('ssobridge migrate on a real Postgres', () => {
  it('names a database that does not exist in one line, without waiting for it', async () => {
    const server = new URL(postgres.url)
    const noDb = new URL(server)
    noDb.pathname = '/no_such_db_for_ssobridge'
    const started = Date.now()
    // Not a connection fault: --wait-for-db does not retry what waiting cannot fix.
    expect(await refused(migrate(['--wait-for-db', '30'], { DATABASE_URL: noDb.toString() }))).toBe(
      `ssobridge: Postgres at ${server.hostname}:${server.port || '5432'}/no_such_db_for_ssobridge refused the bridge: database "no_such_db_for_ssobridge" does not exist (3D000)`,
    )
    expect(Date.now() - started).toBeLessThan(15_000)
  })

  it('with --wait-for-db waits for a Postgres that comes up, then migrates it', async () => {
    const schema = await postgres.createSchema()
    const server = new URL(postgres.url)
    const relay = await startTcpCut({ host: server.hostname, port: Number(server.port || 5432) })
    try {
      await relay.cut()
      const url = new URL(schema.connectionString)
      url.hostname = '127.0.0.1'
      url.port = String(relay.port)
      const run = migrate(['--wait-for-db', '30'], {
        DATABASE_URL: url.toString(),
        SSOBRIDGE_LOG_LEVEL: 'warn',
      })
      // Down for two retries at least, then back.
      for (let i = 0; i < 200 && retriesIn(run.output().stderr).length < 2; i++) {
        await new Promise((done) => setTimeout(done, 50))
      }
      expect(retriesIn(run.output().stderr).length).toBeGreaterThanOrEqual(2)
      expect(await countMigrations(schema.connectionString)).toBe(0)
      await relay.restore()
      expect(await run.exited).toBe(0)
      expect(run.output().stdout.trim()).toBe('storage is migrated (postgres)')
      expect(retriesIn(run.output().stderr)[0]!.database).toBe(
        `127.0.0.1:${relay.port}${server.pathname}`,
      )
      expect(await countMigrations(schema.connectionString)).toBe(migrations.length)
    } finally {
      await relay.close()
      await schema.drop()
    }
  })
})

async function countMigrations(connectionString: string): Promise<number> {
  const client = new pg.Client({ connectionString })
  await client.connect()
  try {
    const exists = await client.query<{ t: string | null }>('SELECT to_regclass($1) AS t', [
      MIGRATIONS_TABLE,
    ])
    if (!exists.rows[0]?.t) return 0
    const { rows } = await client.query<{ n: string }>(
      `SELECT count(*) AS n FROM ${MIGRATIONS_TABLE}`,
    )
    return Number(rows[0]?.n)
  } finally {
    await client.end()
  }
}
