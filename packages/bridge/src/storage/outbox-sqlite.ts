/**
 * The outbox on SQLite. Each statement runs under SQLite's single write lock, which every process
 * on the file shares: a claim's UPDATE … RETURNING is atomic, so two claimers never take one entry.
 */
import type Database from 'better-sqlite3'
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

export function createSqliteOutbox(db: Database.Database, now: () => number): Outbox {
  let statements: ReturnType<typeof prepare> | undefined
  // Prepared on first use: the table exists only after migrate().
  const sql = () => (statements ??= prepare(db))
  return {
    async enqueue(entries) {
      let inserted = 0
      const at = now()
      for (const entry of entries) {
        inserted += sql().enqueue.run({
          id: newOutboxId(at),
          kind: entry.kind,
          dedupe: entry.dedupeKey,
          owner: entry.owner,
          payload: encode(entry.payload),
          now: at,
          giveUp: entry.giveUpAt,
        }).changes
      }
      return inserted
    },
    async claim(kind, { limit, leaseMs }) {
      const at = now()
      const rows = sql().claim.all({ kind, now: at, until: at + leaseMs, lease: newLease(), limit })
      return rows.map(toOutboxClaim).sort((a, b) => a.nextAttemptAt - b.nextAttemptAt)
    },
    async settle({ id, lease }, outcome) {
      const at = now()
      const c = settleColumns(outcome, at)
      return sql().settle.run({ id, lease, ...c }).changes === 1
    },
    async list({ kind, owner, state, before, limit }) {
      const rows = sql().list.all({
        kind,
        owner: owner ?? null,
        state: state ?? null,
        before: before ?? null,
        limit,
      })
      return rows.map(toOutboxEntry)
    },
    async get(kind, id) {
      const row = sql().get.get({ kind, id })
      return row ? toOutboxEntry(row) : undefined
    },
    async retryNow(kind, id, giveUpAt) {
      return sql().retryNow.run({ kind, id, now: now(), giveUp: giveUpAt }).changes === 1
    },
    async pending(kind) {
      const row = sql().pending.get({ kind })
      const count = Number(row?.count ?? 0)
      return count ? { count, nextAttemptAt: Number(row?.next) } : { count: 0 }
    },
  }
}

export const purgeSqliteOutbox = (db: Database.Database, now: number): number =>
  db.prepare('DELETE FROM outbox WHERE purge_after <= ?').run(now).changes

function prepare(db: Database.Database) {
  return {
    enqueue: db.prepare(
      `INSERT INTO outbox (id, kind, dedupe_key, owner, payload, state, created_at, next_attempt_at,
         give_up_at)
       VALUES (@id, @kind, @dedupe, @owner, @payload, 'pending', @now, @now, @giveUp)
       ON CONFLICT (kind, dedupe_key) DO NOTHING`,
    ),
    claim: db.prepare<
      { kind: string; now: number; until: number; lease: string; limit: number },
      OutboxRow
    >(
      `UPDATE outbox SET claimed_until = @until, lease = @lease, attempts = attempts + 1,
         last_attempt_at = @now
       WHERE id IN (
         SELECT id FROM outbox
         WHERE kind = @kind AND state = 'pending' AND next_attempt_at <= @now
           AND (claimed_until IS NULL OR claimed_until <= @now)
         ORDER BY next_attempt_at LIMIT @limit)
       RETURNING ${OUTBOX_COLUMNS}`,
    ),
    settle: db.prepare(
      `UPDATE outbox SET state = @state, next_attempt_at = @nextAttemptAt, last_status = @status,
         last_error = @error, delivered_at = @deliveredAt, purge_after = @purgeAfter,
         claimed_until = NULL, lease = NULL
       WHERE id = @id AND lease = @lease AND state = 'pending'`,
    ),
    list: db.prepare<
      {
        kind: string
        owner: string | null
        state: string | null
        before: string | null
        limit: number
      },
      OutboxRow
    >(
      `SELECT ${OUTBOX_COLUMNS} FROM outbox
       WHERE kind = @kind AND (@owner IS NULL OR owner = @owner)
         AND (@state IS NULL OR state = @state)
         AND (@before IS NULL OR id < @before)
       ORDER BY id DESC LIMIT @limit`,
    ),
    get: db.prepare<{ kind: string; id: string }, OutboxRow>(
      `SELECT ${OUTBOX_COLUMNS} FROM outbox WHERE kind = @kind AND id = @id`,
    ),
    // A lease in flight stays: the attempt running now settles, and its retry comes due at once.
    retryNow: db.prepare(
      `UPDATE outbox SET state = 'pending', next_attempt_at = @now, purge_after = NULL,
         give_up_at = MAX(give_up_at, @giveUp)
       WHERE kind = @kind AND id = @id AND state IN ('pending', 'failed')`,
    ),
    pending: db.prepare<{ kind: string }, { count: number; next: number | null }>(
      `SELECT COUNT(*) AS count, MIN(next_attempt_at) AS next FROM outbox
       WHERE kind = @kind AND state = 'pending'`,
    ),
  }
}
