/** Storage on one SQLite file (better-sqlite3): the default for a single bridge process. */
import Database from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { decode, encode, expiry, prefixEnd, toRecord } from './json.js'
import { MIGRATIONS_TABLE, migrations } from './migrations.js'
import type { ListOptions, Storage } from './types.js'

export interface SqliteStorageOptions {
  filename: string
  now?: () => number
}

interface Row {
  key: string
  value: string
  expires_at: number | null
}

export async function createSqliteStorage(options: SqliteStorageOptions): Promise<Storage> {
  const now = options.now ?? Date.now
  if (options.filename !== ':memory:') mkdirSync(dirname(options.filename), { recursive: true })
  const db = new Database(options.filename)
  db.pragma('journal_mode = WAL')
  db.pragma('busy_timeout = 5000')
  db.pragma('foreign_keys = ON')
  db.pragma('synchronous = NORMAL')

  const live = '(expires_at IS NULL OR expires_at > @now)'
  let statements: ReturnType<typeof prepare> | undefined
  function prepare() {
    return {
      get: db.prepare<{ ns: string; key: string; now: number }, Row>(
        `SELECT key, value, expires_at FROM records WHERE ns = @ns AND key = @key AND ${live}`,
      ),
      set: db.prepare(
        `INSERT INTO records (ns, key, value, expires_at) VALUES (@ns, @key, @value, @expires)
         ON CONFLICT (ns, key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at`,
      ),
      add: db.prepare(
        `INSERT INTO records (ns, key, value, expires_at) VALUES (@ns, @key, @value, @expires)
         ON CONFLICT (ns, key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at
         WHERE records.expires_at IS NOT NULL AND records.expires_at <= @now`,
      ),
      consume: db.prepare<{ ns: string; key: string; now: number }, Row>(
        `DELETE FROM records WHERE ns = @ns AND key = @key RETURNING key, value, expires_at`,
      ),
      delete: db.prepare(`DELETE FROM records WHERE ns = @ns AND key = @key AND ${live}`),
      increment: db.prepare<
        { ns: string; key: string; now: number; expires: number },
        { value: string }
      >(
        `INSERT INTO records (ns, key, value, expires_at) VALUES (@ns, @key, '1', @expires)
         ON CONFLICT (ns, key) DO UPDATE SET
           value = CASE WHEN records.expires_at IS NOT NULL AND records.expires_at <= @now
                        THEN '1' ELSE CAST(CAST(records.value AS INTEGER) + 1 AS TEXT) END,
           expires_at = CASE WHEN records.expires_at IS NOT NULL AND records.expires_at <= @now
                        THEN @expires ELSE records.expires_at END
         RETURNING value`,
      ),
      list: db.prepare<{ ns: string; from: string; to: string; now: number; limit: number }, Row>(
        `SELECT key, value, expires_at FROM records
         WHERE ns = @ns AND key >= @from AND key < @to AND ${live}
         ORDER BY key LIMIT @limit`,
      ),
      purge: db.prepare('DELETE FROM records WHERE expires_at IS NOT NULL AND expires_at <= @now'),
      ping: db.prepare('SELECT 1'),
    }
  }
  const sql = () => (statements ??= prepare())

  function migrate() {
    db.exec(
      `CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE} (id TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)`,
    )
    const applied = db.prepare(`SELECT 1 FROM ${MIGRATIONS_TABLE} WHERE id = ?`)
    const record = db.prepare(`INSERT INTO ${MIGRATIONS_TABLE} (id, applied_at) VALUES (?, ?)`)
    for (const migration of migrations) {
      // IMMEDIATE takes the write lock first, so a second process waits and then sees the row.
      db.transaction(() => {
        if (applied.get(migration.id)) return
        db.exec(migration.sqlite)
        record.run(migration.id, now())
      }).immediate()
    }
  }

  return {
    kind: 'sqlite',
    async migrate() {
      migrate()
      statements = undefined
    },
    async get<T>(ns: string, key: string) {
      const row = sql().get.get({ ns, key, now: now() })
      return row ? decode<T>(row.value) : undefined
    },
    async set(ns, key, value, ttlSeconds) {
      const at = now()
      sql().set.run({ ns, key, value: encode(value), expires: expiry(at, ttlSeconds) })
    },
    async add(ns, key, value, ttlSeconds) {
      const at = now()
      return (
        sql().add.run({ ns, key, value: encode(value), expires: expiry(at, ttlSeconds), now: at })
          .changes === 1
      )
    },
    async consume<T>(ns: string, key: string) {
      const at = now()
      const row = sql().consume.get({ ns, key, now: at })
      if (!row || (row.expires_at !== null && row.expires_at <= at)) return undefined
      return decode<T>(row.value)
    },
    async delete(ns, key) {
      return sql().delete.run({ ns, key, now: now() }).changes === 1
    },
    async increment(ns, key, ttlSeconds) {
      const at = now()
      const row = sql().increment.get({
        ns,
        key,
        now: at,
        expires: expiry(at, ttlSeconds) as number,
      })
      return Number(row?.value)
    },
    async list<T>(ns: string, options: ListOptions = {}) {
      const from = options.prefix ?? ''
      const rows = sql().list.all({
        ns,
        from,
        to: prefixEnd(from),
        now: now(),
        limit: options.limit ?? -1,
      })
      return rows.map((row) => toRecord<T>(row))
    },
    async purgeExpired() {
      return sql().purge.run({ now: now() }).changes
    },
    async ping() {
      sql().ping.get()
    },
    async close() {
      db.close()
    },
  }
}
