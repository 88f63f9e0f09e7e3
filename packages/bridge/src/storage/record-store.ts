/**
 * What a database driver implements: JSON records under any (namespace, key), with TTL, an atomic
 * consume and counters. The drivers know nothing of what a namespace holds; the bridge sees them
 * through `Storage` (types.ts), which types each record by its namespace.
 */
import type { ChangeFeed } from './change-feed-types.js'
import type { Outbox } from './outbox-types.js'
import type { JoinVia, ListOptions, StoredRecord } from './types.js'

export interface RecordStore {
  readonly kind: 'sqlite' | 'postgres'
  /** Durable deliveries any process sharing the database may claim (outbox-types.ts). */
  readonly outbox: Outbox
  /** Which records changed, here or in another process: what keeps a cache true (read-cache.ts). */
  readonly changes: ChangeFeed
  /**
   * Runs `hook` at the start of close(), before the connections go: what still writes to storage
   * (the outbox worker) stops there, so closing the storage stops it too.
   */
  beforeClose(hook: () => Promise<void>): void
  /** Applies pending migrations; safe to call from several processes at once. */
  migrate(): Promise<void>
  /** `T` is the caller's word for what was stored: JSON comes back as it went in. */
  get<T>(ns: string, key: string): Promise<T | undefined>
  /**
   * A record and, in the same round trip, the live record of `via.ns` whose key is the record's
   * string field `via.field` (a join): undefined when the first is missing.
   */
  getWith<T, U>(
    ns: string,
    key: string,
    via: JoinVia,
  ): Promise<[first: T, joined: U | undefined] | undefined>
  /** Inserts or replaces. `ttlSeconds` undefined means the record never expires. */
  set(ns: string, key: string, value: unknown, ttlSeconds?: number): Promise<void>
  /** Inserts only when no live record holds the key; true when this call inserted it. */
  add(ns: string, key: string, value: unknown, ttlSeconds?: number): Promise<boolean>
  /** Atomic get-and-delete: of two concurrent callers, at most one gets the value. */
  consume<T>(ns: string, key: string): Promise<T | undefined>
  /** true when a live record was deleted. */
  delete(ns: string, key: string): Promise<boolean>
  /**
   * Atomically adds one to a counter and returns the new count. A counter that does not exist
   * or has expired starts again at 1 with a fresh TTL; a live one keeps its original expiry.
   */
  increment(ns: string, key: string, ttlSeconds: number): Promise<number>
  /** Live records of a namespace, ordered by key. */
  list<T>(ns: string, options?: ListOptions): Promise<StoredRecord<T>[]>
  /** Removes expired rows; returns how many. Called periodically by the server. */
  purgeExpired(): Promise<number>
  /** Cheap round trip for /healthz. */
  ping(): Promise<void>
  /** Ids of the migrations this code knows and the database lacks (one round trip): readiness. */
  pendingMigrations(): Promise<string[]>
  close(): Promise<void>
}
