/**
 * Storage on Postgres (`pg`): what several bridge processes share. Every read-modify-write is a
 * single statement, so atomicity comes from Postgres row locks, not from application code.
 */
import pg from 'pg'
import { decode, encode, toStoredRecord, type RecordRow } from './json.js'
import {
  MIGRATIONS_TABLE,
  migrations,
  migrationsTableSql,
  pendingMigrations,
} from './migrations.js'
import {
  checkJoin,
  checkNames,
  checkText,
  expiresAt,
  listBounds,
  optionalExpiresAt,
} from './record-inputs.js'
import { withSearchPath } from './search-path.js'
import { createPostgresOutbox, purgePostgresOutbox } from './outbox-postgres.js'
import { withChangeFeed } from './change-feed.js'
import { postgresChanges } from './postgres-change-feed.js'
import type { RecordStore } from './record-store.js'
import type { JoinVia, ListOptions, Storage } from './types.js'

export interface PostgresStorageOptions {
  connectionString: string
  /** A schema of its own (created by migrate() when missing), e.g. to isolate tests. */
  schema?: string
  /** The clock every TTL is measured against; tests freeze it. */
  now?: () => number
  /** Pool size; default 10. */
  max?: number
}

// Arbitrary, but fixed forever: every bridge process takes this advisory lock to migrate.
const MIGRATION_LOCK = 0x55_0b_41_d6

// Fail a health check or a request in seconds, not after the OS gives up on TCP.
const CONNECT_TIMEOUT_MS = 10_000

const upsert = `INSERT INTO records (ns, key, value, expires_at) VALUES ($1, $2, $3, $4)
  ON CONFLICT (ns, key) DO UPDATE SET value = EXCLUDED.value, expires_at = EXCLUDED.expires_at`

export async function createPostgresStorage(options: PostgresStorageOptions): Promise<Storage> {
  const now = options.now ?? Date.now
  const { schema } = options
  const connectionString = schema
    ? withSearchPath(options.connectionString, schema)
    : options.connectionString
  const pool = new pg.Pool({
    connectionString,
    max: options.max ?? 10,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
  })
  // An idle client can fail (server restart); without a listener that crashes the process. The
  // pool drops it, and the next query reports the problem.
  pool.on('error', () => undefined)
  const query = <R extends pg.QueryResultRow>(text: string, values: unknown[]) =>
    pool.query<R>({ text, values })
  let closing: Promise<void> | undefined
  const closeHooks: (() => Promise<void>)[] = []

  const store: Omit<RecordStore, 'changes'> = {
    kind: 'postgres',
    outbox: createPostgresOutbox(query, now),
    beforeClose(hook) {
      closeHooks.push(hook)
    },
    async migrate() {
      const client = await pool.connect()
      try {
        await client.query('BEGIN')
        // Held until COMMIT: a second process waits here, then finds nothing left to do.
        await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK])
        if (schema) await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`)
        await client.query(migrationsTableSql.postgres)
        const { rows } = await client.query<{ id: string }>(`SELECT id FROM ${MIGRATIONS_TABLE}`)
        for (const migration of pendingMigrations(new Set(rows.map((row) => row.id)))) {
          await client.query(migration.sql.postgres)
          await client.query(`INSERT INTO ${MIGRATIONS_TABLE} (id, applied_at) VALUES ($1, $2)`, [
            migration.id,
            Date.now(),
          ])
        }
        await client.query('COMMIT')
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined)
        throw error
      } finally {
        client.release()
      }
    },
    async get<T>(ns: string, key: string) {
      checkNames(ns, key)
      const { rows } = await query<{ value: string }>(
        `SELECT value FROM records
         WHERE ns = $1 AND key = $2 AND (expires_at IS NULL OR expires_at > $3)`,
        [ns, key, now()],
      )
      return rows[0] ? decode<T>(rows[0].value) : undefined
    },
    async getWith<T, U>(ns: string, key: string, via: JoinVia) {
      checkJoin(ns, key, via)
      // value is TEXT holding JSON; the field name is checked (checkJoin) and bound, not spliced.
      const { rows } = await query<{ value: string; joined: string | null }>(
        `SELECT r.value, j.value AS joined FROM records r
         LEFT JOIN records j ON j.ns = $3 AND j.key = (r.value::json ->> $4)
           AND (j.expires_at IS NULL OR j.expires_at > $5)
         WHERE r.ns = $1 AND r.key = $2 AND (r.expires_at IS NULL OR r.expires_at > $5)`,
        [ns, key, via.ns, via.field, now()],
      )
      const row = rows[0]
      if (!row) return undefined
      return [decode<T>(row.value), row.joined === null ? undefined : decode<U>(row.joined)] as [
        T,
        U | undefined,
      ]
    },
    async set(ns, key, value, ttlSeconds) {
      checkNames(ns, key)
      await query(upsert, [ns, key, encode(value), optionalExpiresAt(now(), ttlSeconds)])
    },
    async add(ns, key, value, ttlSeconds) {
      checkNames(ns, key)
      const at = now()
      // Of concurrent adds, Postgres lets one insert; the others see the conflict, re-check the
      // WHERE against the row that won, and update nothing.
      const { rowCount } = await query(`${upsert} WHERE records.expires_at <= $5`, [
        ns,
        key,
        encode(value),
        optionalExpiresAt(at, ttlSeconds),
        at,
      ])
      return rowCount === 1
    },
    async consume<T>(ns: string, key: string) {
      checkNames(ns, key)
      // Concurrent deletes of one row queue on its lock; only the first finds it.
      const { rows } = await query<{ value: string }>(
        `DELETE FROM records
         WHERE ns = $1 AND key = $2 AND (expires_at IS NULL OR expires_at > $3)
         RETURNING value`,
        [ns, key, now()],
      )
      return rows[0] ? decode<T>(rows[0].value) : undefined
    },
    async delete(ns, key) {
      checkNames(ns, key)
      const { rowCount } = await query(
        `DELETE FROM records
         WHERE ns = $1 AND key = $2 AND (expires_at IS NULL OR expires_at > $3)`,
        [ns, key, now()],
      )
      return rowCount === 1
    },
    async increment(ns, key, ttlSeconds) {
      checkNames(ns, key)
      const at = now()
      const { rows } = await query<{ value: string }>(
        `INSERT INTO records (ns, key, value, expires_at) VALUES ($1, $2, '1', $4)
         ON CONFLICT (ns, key) DO UPDATE SET
           value = CASE WHEN records.expires_at <= $3 THEN '1'
                        ELSE (records.value::bigint + 1)::text END,
           expires_at = CASE WHEN records.expires_at <= $3 THEN $4 ELSE records.expires_at END
         RETURNING value`,
        [ns, key, at, expiresAt(at, ttlSeconds)],
      )
      return Number(rows[0]?.value)
    },
    async list<T>(ns: string, options?: ListOptions) {
      checkText('namespace', ns)
      const { from, to, limit } = listBounds(options)
      // `key < NULL` would match nothing, so a prefix without an upper bound drops the condition.
      const { rows } = await query<RecordRow>(
        `SELECT key, value, expires_at FROM records
         WHERE ns = $1 AND key >= $2 AND ($3::text IS NULL OR key < $3)
           AND (expires_at IS NULL OR expires_at > $4)
         ORDER BY key LIMIT $5`,
        [ns, from, to, now(), limit ?? null],
      )
      return rows.map((row) => toStoredRecord<T>(row))
    },
    async purgeExpired() {
      const at = now()
      const { rowCount } = await query('DELETE FROM records WHERE expires_at <= $1', [at])
      return (rowCount ?? 0) + (await purgePostgresOutbox(query, at))
    },
    async pendingMigrations() {
      // A database nobody migrated yet has no ledger: everything is pending.
      const ledger = await query<{ t: string | null }>('SELECT to_regclass($1) AS t', [
        MIGRATIONS_TABLE,
      ])
      if (!ledger.rows[0]?.t) return migrations.map((m) => m.id)
      const { rows } = await query<{ id: string }>(`SELECT id FROM ${MIGRATIONS_TABLE}`, [])
      return pendingMigrations(new Set(rows.map((row) => row.id))).map((m) => m.id)
    },
    async ping() {
      await query('SELECT 1', [])
    },
    async close() {
      closing ??= Promise.all(closeHooks.splice(0).map((hook) => hook())).then(() => pool.end())
      await closing
    },
  }
  const announced: RecordStore = withChangeFeed(
    store,
    postgresChanges({
      connectionString,
      connectTimeoutMs: CONNECT_TIMEOUT_MS,
      applicationName: schema ? `ssobridge changes ${schema}` : 'ssobridge changes',
    }),
  )
  // Checked here: the untyped driver is a Storage of every namespace.
  return announced
}
