/** Outbox rows as both drivers read them (Postgres returns BIGINT as a string). */
import { randomBytes } from 'node:crypto'
import { decode } from './json.js'
import type { OutboxClaim, OutboxEntry, OutboxOutcome, OutboxState } from './outbox-types.js'
import { OUTBOX_RETENTION_MS } from './outbox-types.js'

type Num = number | string | null

export interface OutboxRow {
  id: string
  kind: string
  owner: string
  payload: string
  state: string
  attempts: Num
  created_at: Num
  next_attempt_at: Num
  give_up_at: Num
  last_attempt_at: Num
  last_status: Num
  last_error: string | null
  delivered_at: Num
  lease: string | null
}

const optional = (value: Num) => (value === null ? undefined : Number(value))

export function toOutboxEntry(row: OutboxRow): OutboxEntry {
  const entry: OutboxEntry = {
    id: row.id,
    kind: row.kind,
    owner: row.owner,
    payload: decode(row.payload),
    state: row.state as OutboxState,
    attempts: Number(row.attempts),
    createdAt: Number(row.created_at),
    nextAttemptAt: Number(row.next_attempt_at),
    giveUpAt: Number(row.give_up_at),
  }
  const lastAttemptAt = optional(row.last_attempt_at)
  const lastStatus = optional(row.last_status)
  const deliveredAt = optional(row.delivered_at)
  if (lastAttemptAt !== undefined) entry.lastAttemptAt = lastAttemptAt
  if (lastStatus !== undefined) entry.lastStatus = lastStatus
  if (row.last_error !== null) entry.lastError = row.last_error
  if (deliveredAt !== undefined) entry.deliveredAt = deliveredAt
  return entry
}

export const toOutboxClaim = (row: OutboxRow): OutboxClaim => ({
  ...toOutboxEntry(row),
  lease: row.lease ?? '',
})

// Millisecond time first, so that ids sort by creation (the admin's pages are by id).
export const newOutboxId = (now: number) =>
  `${String(now).padStart(13, '0')}-${randomBytes(9).toString('base64url')}`

export const newLease = () => randomBytes(12).toString('base64url')

/** The columns a settle writes, the same for both drivers. */
export function settleColumns(outcome: OutboxOutcome, now: number) {
  const done = outcome.delivered || outcome.retryAt === undefined
  return {
    state: outcome.delivered ? 'delivered' : outcome.retryAt === undefined ? 'failed' : 'pending',
    nextAttemptAt: !outcome.delivered && outcome.retryAt !== undefined ? outcome.retryAt : now,
    status: outcome.status ?? null,
    error: outcome.delivered ? null : (outcome.error ?? null),
    deliveredAt: outcome.delivered ? now : null,
    purgeAfter: done ? now + OUTBOX_RETENTION_MS : null,
  }
}

export const OUTBOX_COLUMNS = `id, kind, owner, payload, state, attempts, created_at, next_attempt_at,
  give_up_at, last_attempt_at, last_status, last_error, delivered_at, lease`
