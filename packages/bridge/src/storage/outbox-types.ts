/**
 * The outbox: deliveries to other systems (back-channel logout now, webhooks later) that must
 * survive the process that queued them. Any bridge process sharing the database may claim one;
 * a claim is a lease, so a delivery whose process died is claimed again once the lease ends.
 */
import type { Json } from './json-value.js'

export type OutboxState = 'pending' | 'delivered' | 'failed'

export interface OutboxEnqueue {
  /** What delivers it, e.g. `backchannel-logout`: each worker claims its own kind only. */
  kind: string
  /** One delivery per (kind, dedupeKey): enqueueing it again is a no-op. */
  dedupeKey: string
  /** Whose delivery it is (an app id): what the admin lists by. */
  owner: string
  payload: Json
  /** Epoch ms after which a failed attempt is final. */
  giveUpAt: number
}

export interface OutboxEntry {
  /** Opaque, ordered by creation. */
  id: string
  kind: string
  owner: string
  payload: Json
  state: OutboxState
  /** Attempts started (a claim counts, so one cut short by a crash does too). */
  attempts: number
  createdAt: number
  nextAttemptAt: number
  giveUpAt: number
  lastAttemptAt?: number
  /** The HTTP status of the last answer, if any. */
  lastStatus?: number
  /** Why the last attempt failed: a short code, never a response body. */
  lastError?: string
  deliveredAt?: number
}

/** A claimed entry; `lease` proves the claim when it is settled. */
export interface OutboxClaim extends OutboxEntry {
  lease: string
}

export type OutboxOutcome =
  | { delivered: true; status?: number }
  /** `retryAt` undefined: failed for good. */
  | { delivered: false; retryAt?: number; status?: number; error?: string }

export interface OutboxListOptions {
  kind: string
  /** Undefined: every owner's entries (the console's list of all emails). */
  owner?: string
  state?: OutboxState
  /** Only entries older than this id: where the next page starts. */
  before?: string
  limit: number
}

export interface Outbox {
  /** Inserts the entries that are not there yet; returns how many it inserted. */
  enqueue(entries: OutboxEnqueue[]): Promise<number>
  /**
   * Up to `limit` pending entries of `kind` that are due and not leased, each leased to the caller
   * for `leaseMs`: two callers, in any processes, never get the same one while its lease runs.
   */
  claim(kind: string, options: { limit: number; leaseMs: number }): Promise<OutboxClaim[]>
  /** Records an attempt's outcome; false when the lease was lost (another claim took it). */
  settle(claim: Pick<OutboxClaim, 'id' | 'lease'>, outcome: OutboxOutcome): Promise<boolean>
  /** Newest first. */
  list(options: OutboxListOptions): Promise<OutboxEntry[]>
  get(kind: string, id: string): Promise<OutboxEntry | undefined>
  /**
   * Makes a pending or failed entry due now, trying until `giveUpAt` at least; a delivered one is
   * left alone (false).
   */
  retryNow(kind: string, id: string, giveUpAt: number): Promise<boolean>
  /** Pending entries of `kind` and the earliest time one is due. */
  pending(kind: string): Promise<{ count: number; nextAttemptAt?: number }>
}

/** Delivered and failed entries are kept this long for the admin to see, then purged. */
export const OUTBOX_RETENTION_MS = 30 * 24 * 3600_000
