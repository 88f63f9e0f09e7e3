/** Storage on Postgres (`pg`): what several bridge processes share. Every write is one statement. */
import pg from 'pg'
import { decode, encode, expiry, prefixEnd, toRecord } from './json.js'
import { MIGRATIONS_TABLE, migrations } from './migrations.js'
import type { ListOptions, Storage } from './types.js'

export interface PostgresStorageOptions {
  connectionString: string
  /** Own schema (created when missing), e.g. to isolate tests; default the connection's. */
  schema?: string
  now?: () => number
  max?: number
}

interface Row {
  key: string
  value: string
  expires_at: string | null
}

// An arbitrary constant: the advisory lock every bridge process takes while migrating.
const MIGRATION_LOCK = 0x55_0b_41_d6

const live = '(expires_at IS NULL OR expires_at > $3)'

export async function createPostgresStorage(options: PostgresStorageOptions): Promise<Storage> {
  const now = options.now ?? Date.now
  const schema = options.schema
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new Error('schema must be a lowercase SQL identifier')
  }
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max ?? 10,
    // Set at connection start-up, so no query can ever run against another schema.
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  })
  // Idle clients can fail (server restart); without a listener that would crash the process.
  pool.on('error', () => undefined)
  if (schema) {
    const client = await pool.connect()
    try {
      await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`)
    } catch (error) {
      // Two processes creating the schema at once: one loses the race, and that is fine.
      if ((error as { code?: string }).code !== '23505') throw error
    } finally {
      client.release()
    }
  }
  const query = <R extends pg.QueryResultRow>(text: string, values: unknown[]) =>
    pool.query<R>({ text, values })

  return {
    kind: 'postgres',
    async migrate() {
      const client = await pool.connect()
      try {
        await client.query('BEGIN')
        await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK])
        await client.query(
          `CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE} (id TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)`,
        )
        const { rows } = await client.query<{ id: string }>(`SELECT id FROM ${MIGRATIONS_TABLE}`)
        const applied = new Set(rows.map((row) => row.id))
        for (const migration of migrations) {
          if (applied.has(migration.id)) continue
          await client.query(migration.postgres)
          await client.query(`INSERT INTO ${MIGRATIONS_TABLE} (id, applied_at) VALUES ($1, $2)`, [
            migration.id,
            now(),
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
      const { rows } = await query<Row>(
        `SELECT value FROM records WHERE ns = $1 AND key = $2 AND ${live}`,
        [ns, key, now()],
      )
      return rows[0] ? decode<T>(rows[0].value) : undefined
    },
    async set(ns, key, value, ttlSeconds) {
      await query(
        `INSERT INTO records (ns, key, value, expires_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (ns, key) DO UPDATE SET value = EXCLUDED.value, expires_at = EXCLUDED.expires_at`,
        [ns, key, encode(value), expiry(now(), ttlSeconds)],
      )
    },
    async add(ns, key, value, ttlSeconds) {
      const at = now()
      const { rowCount } = await query(
        `INSERT INTO records (ns, key, value, expires_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (ns, key) DO UPDATE SET value = EXCLUDED.value, expires_at = EXCLUDED.expires_at
         WHERE records.expires_at IS NOT NULL AND records.expires_at <= $5`,
        [ns, key, encode(value), expiry(at, ttlSeconds), at],
      )
      return rowCount === 1
    },
    async consume<T>(ns: string, key: string) {
      const at = now()
      const { rows } = await query<Row>(
        `DELETE FROM records WHERE ns = $1 AND key = $2 RETURNING value, expires_at`,
        [ns, key],
      )
      const row = rows[0]
      if (!row || (row.expires_at !== null && Number(row.expires_at) <= at)) return undefined
      return decode<T>(row.value)
    },
    async delete(ns, key) {
      const { rowCount } = await query(
        `DELETE FROM records WHERE ns = $1 AND key = $2 AND ${live}`,
        [ns, key, now()],
      )
      return rowCount === 1
    },
    async increment(ns, key, ttlSeconds) {
      const at = now()
      const { rows } = await query<{ value: string }>(
        `INSERT INTO records (ns, key, value, expires_at) VALUES ($1, $2, '1', $4)
         ON CONFLICT (ns, key) DO UPDATE SET
           value = CASE WHEN records.expires_at IS NOT NULL AND records.expires_at <= $3
                        THEN '1' ELSE (records.value::bigint + 1)::text END,
           expires_at = CASE WHEN records.expires_at IS NOT NULL AND records.expires_at <= $3
                        THEN $4 ELSE records.expires_at END
         RETURNING value`,
        [ns, key, at, expiry(at, ttlSeconds)],
      )
      return Number(rows[0]?.value)
    },
    async list<T>(ns: string, options: ListOptions = {}) {
      const from = options.prefix ?? ''
      const { rows } = await query<Row>(
        `SELECT key, value, expires_at FROM records
         WHERE ns = $1 AND key >= $2 AND key < $4 AND ${live}
         ORDER BY key LIMIT $5`,
        [ns, from, now(), prefixEnd(from), options.limit ?? null],
      )
      return rows.map((row) => toRecord<T>(row))
    },
    async purgeExpired() {
      const { rowCount } = await query(
        'DELETE FROM records WHERE expires_at IS NOT NULL AND expires_at <= $1',
        [now()],
      )
      return rowCount ?? 0
    },
    async ping() {
      await query('SELECT 1', [])
    },
    async close() {
      await pool.end()
    },
  }
}
