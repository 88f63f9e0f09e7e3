/** Storage on one SQLite file (better-sqlite3): the default for a single bridge process. */
import Database from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { decode, encode, toStoredRecord, type RecordRow } from './json.js'
import { MIGRATIONS_TABLE, migrationsTableSql, pendingMigrations } from './migrations.js'
import {
  checkJoin,
  checkNames,
  checkText,
  expiresAt,
  listBounds,
  optionalExpiresAt,
} from './record-inputs.js'
import { createSqliteOutbox, purgeSqliteOutbox } from './outbox-sqlite.js'
import { withChangeFeed } from './change-feed.js'
import type { RecordStore } from './record-store.js'
import { sqliteChanges } from './sqlite-change-feed.js'
import type { JoinVia, ListOptions, Storage } from './types.js'

export interface SqliteStorageOptions {
  /** A file path (its folder is created) or `:memory:`. */
  filename: string
  /** The clock every TTL is measured against; tests freeze it. */
  now?: () => number
}

// How long a writer waits for another process's lock before failing with SQLITE_BUSY.
const BUSY_TIMEOUT_MS = 5000

const LIVE = '(expires_at IS NULL OR expires_at > @now)'

function prepareStatements(db: Database.Database) {
  type Key = { ns: string; key: string; now: number }
  type Write = { ns: string; key: string; value: string; expires: number | null }
  type List = { ns: string; from: string; to: string | null; now: number; limit: number }
  const upsert = `INSERT INTO records (ns, key, value, expires_at) VALUES (@ns, @key, @value, @expires)
    ON CONFLICT (ns, key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at`
  const list = (range: string) =>
    db.prepare<List, RecordRow>(
      `SELECT key, value, expires_at FROM records WHERE ns = @ns AND ${range} AND ${LIVE}
       ORDER BY key LIMIT @limit`,
    )
  return {
    get: db.prepare<Key, { value: string }>(
      `SELECT value FROM records WHERE ns = @ns AND key = @key AND ${LIVE}`,
    ),
    // A string field of the first record names the second's key; the field is checked
    // (checkJoin), and bound as a path, never spliced into the SQL.
    getWith: db.prepare<
      Key & { via: string; path: string },
      { value: string; joined: string | null }
    >(
      `SELECT r.value, j.value AS joined FROM records r
       LEFT JOIN records j ON j.ns = @via AND j.key = json_extract(r.value, @path)
         AND (j.expires_at IS NULL OR j.expires_at > @now)
       WHERE r.ns = @ns AND r.key = @key AND (r.expires_at IS NULL OR r.expires_at > @now)`,
    ),
    set: db.prepare<Write>(upsert),
    // Replaces only an expired row; a live one makes the upsert a no-op (0 changes).
    add: db.prepare<Write & { now: number }>(`${upsert} WHERE records.expires_at <= @now`),
    consume: db.prepare<Key, { value: string }>(
      `DELETE FROM records WHERE ns = @ns AND key = @key AND ${LIVE} RETURNING value`,
    ),
    delete: db.prepare<Key>(`DELETE FROM records WHERE ns = @ns AND key = @key AND ${LIVE}`),
    increment: db.prepare<Key & { expires: number }, { value: string }>(
      `INSERT INTO records (ns, key, value, expires_at) VALUES (@ns, @key, '1', @expires)
       ON CONFLICT (ns, key) DO UPDATE SET
         value = CASE WHEN records.expires_at <= @now THEN '1'
                      ELSE CAST(CAST(records.value AS INTEGER) + 1 AS TEXT) END,
         expires_at = CASE WHEN records.expires_at <= @now THEN @expires ELSE records.expires_at END
       RETURNING value`,
    ),
    // Two statements because `key < NULL` matches nothing: some prefixes have no upper bound.
    listRange: list('key >= @from AND key < @to'),
    listFrom: list('key >= @from'),
    purge: db.prepare<{ now: number }>('DELETE FROM records WHERE expires_at <= @now'),
  }
}

function applyMigrations(db: Database.Database) {
  // IMMEDIATE takes the write lock before reading the ledger: a second process waits (busy
  // timeout) and then finds every migration applied.
  db.transaction(() => {
    db.exec(migrationsTableSql.sqlite)
    const rows = db.prepare<[], { id: string }>(`SELECT id FROM ${MIGRATIONS_TABLE}`).all()
    const record = db.prepare(`INSERT INTO ${MIGRATIONS_TABLE} (id, applied_at) VALUES (?, ?)`)
    for (const migration of pendingMigrations(new Set(rows.map((row) => row.id)))) {
      db.exec(migration.sql.sqlite)
      record.run(migration.id, Date.now())
    }
  }).immediate()
}

export async function createSqliteStorage(options: SqliteStorageOptions): Promise<Storage> {
  const now = options.now ?? Date.now
  if (options.filename !== ':memory:') mkdirSync(dirname(options.filename), { recursive: true })
  // The constructor's timeout is the busy_timeout, set before the pragmas below need locks.
  const db = new Database(options.filename, { timeout: BUSY_TIMEOUT_MS })
  db.pragma('journal_mode = WAL')
  // Safe with WAL (a power cut may lose the last commits, never corrupts) and much faster.
  db.pragma('synchronous = NORMAL')
  db.pragma('foreign_keys = ON')

  // Prepared on first use, once: the tables they name exist only after migrate().
  let statements: ReturnType<typeof prepareStatements> | undefined
  const sql = () => (statements ??= prepareStatements(db))
  const pingStatement = db.prepare('SELECT 1')
  const closeHooks: (() => Promise<void>)[] = []

  const store: Omit<RecordStore, 'changes'> = {
    kind: 'sqlite',
    outbox: createSqliteOutbox(db, now),
    beforeClose(hook) {
      closeHooks.push(hook)
    },
    async migrate() {
      applyMigrations(db)
    },
    async get<T>(ns: string, key: string) {
      checkNames(ns, key)
      const row = sql().get.get({ ns, key, now: now() })
      return row ? decode<T>(row.value) : undefined
    },
    async getWith<T, U>(ns: string, key: string, via: JoinVia) {
      checkJoin(ns, key, via)
      const row = sql().getWith.get({ ns, key, now: now(), via: via.ns, path: `$.${via.field}` })
      if (!row) return undefined
      return [decode<T>(row.value), row.joined === null ? undefined : decode<U>(row.joined)] as [
        T,
        U | undefined,
      ]
    },
    async set(ns, key, value, ttlSeconds) {
      checkNames(ns, key)
      sql().set.run({
        ns,
        key,
        value: encode(value),
        expires: optionalExpiresAt(now(), ttlSeconds),
      })
    },
    async add(ns, key, value, ttlSeconds) {
      checkNames(ns, key)
      const at = now()
      const write = { ns, key, value: encode(value), expires: optionalExpiresAt(at, ttlSeconds) }
      return sql().add.run({ ...write, now: at }).changes === 1
    },
    async consume<T>(ns: string, key: string) {
      checkNames(ns, key)
      const row = sql().consume.get({ ns, key, now: now() })
      return row ? decode<T>(row.value) : undefined
    },
    async delete(ns, key) {
      checkNames(ns, key)
      return sql().delete.run({ ns, key, now: now() }).changes === 1
    },
    async increment(ns, key, ttlSeconds) {
      checkNames(ns, key)
      const at = now()
      const row = sql().increment.get({ ns, key, now: at, expires: expiresAt(at, ttlSeconds) })
      return Number(row?.value)
    },
    async list<T>(ns: string, options?: ListOptions) {
      checkText('namespace', ns)
      const { from, to, limit } = listBounds(options)
      // SQLite reads a negative LIMIT as "no limit".
      const params = { ns, from, to, now: now(), limit: limit ?? -1 }
      const rows = to === null ? sql().listFrom.all(params) : sql().listRange.all(params)
      return rows.map((row) => toStoredRecord<T>(row))
    },
    async purgeExpired() {
      const at = now()
      return sql().purge.run({ now: at }).changes + purgeSqliteOutbox(db, at)
    },
    async pendingMigrations() {
      db.exec(migrationsTableSql.sqlite)
      const rows = db.prepare<[], { id: string }>(`SELECT id FROM ${MIGRATIONS_TABLE}`).all()
      return pendingMigrations(new Set(rows.map((row) => row.id))).map((m) => m.id)
    },
    async ping() {
      pingStatement.get()
    },
    async close() {
      await Promise.all(closeHooks.splice(0).map((hook) => hook()))
      if (db.open) db.close()
    },
  }
  const announced: RecordStore = withChangeFeed(store, sqliteChanges(db))
  // Checked here: the untyped driver is a Storage of every namespace.
  return announced
}
