/**
 * `ssobridge start` and `migrate` as real processes against a real Postgres: a server that is
 * not there, a database or role that is not there, a schema that is behind (--no-migrate), and
 * two instances migrating one empty schema at the same moment.
 */
import type { ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { freePort } from '../../../../scripts/free-port.js'
import { migrations, MIGRATIONS_TABLE } from '../storage/migrations.js'
import { spawnCli, type CliProcess } from '../testing/cli-process.js'
import { findPostgresTestDatabase } from '../testing/postgres-test-database.js'

const postgres = await findPostgresTestDatabase()

let dir: string
const children: ChildProcess[] = []
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ssobridge-db-'))
})
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL')
  rmSync(dir, { recursive: true, force: true })
})

// Instances sharing a database share the master key, as production requires.
const secretKey = randomBytes(32).toString('hex')

function cli(args: string[], env: Record<string, string> = {}) {
  const home = mkdtempSync(join(dir, 'instance-'))
  return spawnCli(args, {
    cwd: home,
    children,
    env: { SSOBRIDGE_DATA_DIR: home, SSOBRIDGE_SECRET_KEY: secretKey, ...env },
  })
}

/** Exits non-zero with one line on stderr and no stack trace. */
async function refused(run: CliProcess) {
  const code = await run.exited
  const { stderr } = run.output()
  expect(code).not.toBe(0)
  expect(stderr.trim().split('\n')).toHaveLength(1)
  expect(stderr).not.toMatch(/\n\s+at |node:internal|\.ts:\d+/)
  return stderr.trim()
}

async function ready(run: CliProcess): Promise<Response> {
  const [, url] = await run.printed(/ssobridge listening on (http:\/\/\S+)/)
  return fetch(`${url}/healthz/ready`)
}

describe('ssobridge start, a Postgres that is not there', () => {
  it('fails at once, in one line, on a closed port', async () => {
    const port = await freePort()
    const started = Date.now()
    const line = await refused(
      cli(['start', '--port', '0'], { DATABASE_URL: `postgres://bridge:pw@127.0.0.1:${port}/db` }),
    )
    expect(line).toBe(
      `ssobridge: cannot reach Postgres at 127.0.0.1:${port}/db: connect ECONNREFUSED 127.0.0.1:${port}`,
    )
    expect(Date.now() - started).toBeLessThan(15_000)
  })

  it('with --wait-for-db retries with backoff, logging each retry, then fails within the bound', async () => {
    const port = await freePort()
    const url = `postgres://bridge:pw@127.0.0.1:${port}/db`
    const started = Date.now()
    const run = cli(['start', '--port', '0', '--wait-for-db', '2'], {
      DATABASE_URL: url,
      SSOBRIDGE_LOG_LEVEL: 'warn',
    })
    expect(await run.exited).toBe(1)
    const elapsed = Date.now() - started
    const lines = run.output().stderr.trim().split('\n')
    const retries = lines
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { msg: string; attempt?: number; retryInMs?: number })
      .filter((l) => l.msg === 'database not reachable yet, retrying')
    // 250, 500, 1000 ms, then what is left of the 2 s: a few, each logged once, growing.
    expect(retries.length).toBeGreaterThanOrEqual(3)
    expect(retries.length).toBeLessThanOrEqual(6)
    expect(retries.map((r) => r.attempt)).toEqual(retries.map((_, i) => i + 1))
    expect(retries[1]!.retryInMs).toBeGreaterThan(retries[0]!.retryInMs!)
    expect(lines.at(-1)).toBe(
      `ssobridge: cannot reach Postgres at 127.0.0.1:${port}/db: connect ECONNREFUSED 127.0.0.1:${port} (gave up after 2 s)`,
    )
    expect(run.output().stderr).not.toContain(':pw@')
    expect(elapsed).toBeGreaterThan(2_000)
    expect(elapsed).toBeLessThan(20_000)
  })

  it('refuses a malformed URL without echoing it, and a --wait-for-db that is not seconds', async () => {
    expect(
      await refused(cli(['start'], { DATABASE_URL: 'postgres://bridge:s3cret@127.0.0.1:port/db' })),
    ).toBe('ssobridge: DATABASE_URL is not a valid postgres:// URL')
    expect(await refused(cli(['start'], { SSOBRIDGE_WAIT_FOR_DB: 'soon' }))).toBe(
      'ssobridge: SSOBRIDGE_WAIT_FOR_DB must be a whole number from 0 to 3600 (got "soon")',
    )
    expect(await refused(cli(['start'], { SSOBRIDGE_NO_MIGRATE: 'maybe' }))).toBe(
      'ssobridge: SSOBRIDGE_NO_MIGRATE must be 1 or 0 (got "maybe")',
    )
  })
})

describe.runIf(postgres.available)('ssobridge start and migrate on a real Postgres', () => {
  it('names a database or a role that does not exist in one line', async () => {
    const server = new URL(postgres.url)
    const noDb = new URL(server)
    noDb.pathname = '/no_such_db_for_ssobridge'
    expect(await refused(cli(['start'], { DATABASE_URL: noDb.toString() }))).toBe(
      `ssobridge: Postgres at ${server.hostname}:${server.port || '5432'}/no_such_db_for_ssobridge refused the bridge: database "no_such_db_for_ssobridge" does not exist (3D000)`,
    )
    const noRole = new URL(server)
    noRole.username = 'no_such_role_for_ssobridge'
    noRole.password = 'hunter2'
    const line = await refused(cli(['start'], { DATABASE_URL: noRole.toString() }))
    expect(line).toMatch(/^ssobridge: Postgres at \S+ refused the bridge: .*\((28000|28P01)\)$/)
    expect(line).not.toContain('hunter2')
  })

  it('with --no-migrate refuses a schema that is behind, naming ssobridge migrate, and runs once migrated', async () => {
    const schema = await postgres.createSchema()
    try {
      const env = { DATABASE_URL: schema.connectionString }
      const ids = migrations.map((m) => m.id).join(', ')
      const expected = `ssobridge: the database schema is behind this version (${migrations.length} migration${migrations.length === 1 ? '' : 's'} pending: ${ids}): run \`ssobridge migrate\` first, or start without --no-migrate`
      expect(await refused(cli(['start', '--port', '0', '--no-migrate'], env))).toBe(expected)
      expect(
        await refused(cli(['start', '--port', '0'], { ...env, SSOBRIDGE_NO_MIGRATE: '1' })),
      ).toBe(expected)
      expect(await countMigrations(schema.connectionString)).toBe(0)

      const migrate = cli(['migrate'], env)
      expect(await migrate.exited).toBe(0)
      expect(migrate.output().stdout.trim()).toBe('storage is migrated (postgres)')

      const started = cli(['start', '--port', '0', '--no-migrate'], env)
      expect((await ready(started)).status).toBe(200)
    } finally {
      for (const child of children.splice(0)) child.kill('SIGKILL')
      await schema.drop()
    }
  })

  it('two instances starting at once on an empty schema migrate it once, and both serve', async () => {
    const schema = await postgres.createSchema()
    try {
      const env = { DATABASE_URL: schema.connectionString, SSOBRIDGE_LOG_LEVEL: 'warn' }
      const both = [cli(['start', '--port', '0'], env), cli(['start', '--port', '0'], env)]
      const answers = await Promise.all(both.map(ready))
      expect(answers.map((a) => a.status)).toEqual([200, 200])
      for (const run of both) expect(run.output().stderr).not.toMatch(/"level":"error"|ssobridge:/)
      expect(await countMigrations(schema.connectionString)).toBe(migrations.length)
    } finally {
      for (const child of children.splice(0)) child.kill('SIGKILL')
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
