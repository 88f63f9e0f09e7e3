/**
 * The outbox on Postgres. A claim locks the due rows it picks with FOR UPDATE SKIP LOCKED, so
 * concurrent claimers on other connections pass over each other's rows instead of waiting; a row
 * another claimer has just leased no longer matches once its update commits.
 */
import type pg from 'pg'
import { encode } from './json.js'
import {
  newLease,
  newOutboxId,
  OUTBOX_COLUMNS,
  settleColumns,
  toOutboxClaim,
  toOutboxEntry,
  type OutboxRow,
} from './outbox-rows.js'
import type { Outbox } from './outbox-types.js'

type Query = <R extends pg.QueryResultRow>(
  text: string,
  values: unknown[],
) => Promise<pg.QueryResult<R>>

export function createPostgresOutbox(query: Query, now: () => number): Outbox {
  return {
    async enqueue(entries) {
      let inserted = 0
      const at = now()
      for (const entry of entries) {
        const { rowCount } = await query(
          `INSERT INTO outbox (id, kind, dedupe_key, owner, payload, state, created_at,
             next_attempt_at, give_up_at)
           VALUES ($1, $2, $3, $4, $5, 'pending', $6, $6, $7)
           ON CONFLICT (kind, dedupe_key) DO NOTHING`,
          [
            newOutboxId(at),
            entry.kind,
            entry.dedupeKey,
            entry.owner,
            encode(entry.payload),
            at,
            entry.giveUpAt,
          ],
        )
        inserted += rowCount ?? 0
      }
      return inserted
    },
    async claim(kind, { limit, leaseMs }) {
      const at = now()
      const { rows } = await query<OutboxRow>(
        `UPDATE outbox SET claimed_until = $3, lease = $4, attempts = attempts + 1,
           last_attempt_at = $2
         WHERE id IN (
           SELECT id FROM outbox
           WHERE kind = $1 AND state = 'pending' AND next_attempt_at <= $2
             AND (claimed_until IS NULL OR claimed_until <= $2)
           ORDER BY next_attempt_at LIMIT $5
           FOR UPDATE SKIP LOCKED)
         RETURNING ${OUTBOX_COLUMNS}`,
        [kind, at, at + leaseMs, newLease(), limit],
      )
      return rows.map(toOutboxClaim).sort((a, b) => a.nextAttemptAt - b.nextAttemptAt)
    },
    async settle({ id, lease }, outcome) {
      const c = settleColumns(outcome, now())
      const { rowCount } = await query(
        `UPDATE outbox SET state = $3, next_attempt_at = $4, last_status = $5, last_error = $6,
           delivered_at = $7, purge_after = $8, claimed_until = NULL, lease = NULL
         WHERE id = $1 AND lease = $2 AND state = 'pending'`,
        [id, lease, c.state, c.nextAttemptAt, c.status, c.error, c.deliveredAt, c.purgeAfter],
      )
      return rowCount === 1
    },
    async list({ kind, owner, state, before, limit }) {
      const { rows } = await query<OutboxRow>(
        `SELECT ${OUTBOX_COLUMNS} FROM outbox
         WHERE kind = $1 AND ($2::text IS NULL OR owner = $2) AND ($3::text IS NULL OR state = $3)
           AND ($4::text IS NULL OR id < $4)
         ORDER BY id DESC LIMIT $5`,
        [kind, owner ?? null, state ?? null, before ?? null, limit],
      )
      return rows.map(toOutboxEntry)
    },
    async get(kind, id) {
      const { rows } = await query<OutboxRow>(
        `SELECT ${OUTBOX_COLUMNS} FROM outbox WHERE kind = $1 AND id = $2`,
        [kind, id],
      )
      return rows[0] ? toOutboxEntry(rows[0]) : undefined
    },
    async retryNow(kind, id, giveUpAt) {
      // A lease in flight stays: the attempt running now settles, and its retry comes due at once.
      const { rowCount } = await query(
        `UPDATE outbox SET state = 'pending', next_attempt_at = $3, purge_after = NULL,
           give_up_at = GREATEST(give_up_at, $4)
         WHERE kind = $1 AND id = $2 AND state IN ('pending', 'failed')`,
        [kind, id, now(), giveUpAt],
      )
      return rowCount === 1
    },
    async pending(kind) {
      const { rows } = await query<{ count: string; next: string | null }>(
        `SELECT COUNT(*) AS count, MIN(next_attempt_at) AS next FROM outbox
         WHERE kind = $1 AND state = 'pending'`,
        [kind],
      )
      const count = Number(rows[0]?.count ?? 0)
      return count ? { count, nextAttemptAt: Number(rows[0]?.next) } : { count: 0 }
    },
  }
}

export const purgePostgresOutbox = async (query: Query, now: number): Promise<number> =>
  (await query('DELETE FROM outbox WHERE purge_after <= $1', [now])).rowCount ?? 0
