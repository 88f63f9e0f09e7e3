/**
 * Everything the bridge keeps lives behind this interface, so that any number of bridge
 * processes can share one database. Records are JSON values addressed by (namespace, key);
 * a record with a TTL disappears when it expires and is never returned after that.
 */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

export interface StoredRecord<T = Json> {
  key: string
  value: T
  /** Epoch milliseconds; undefined for records that do not expire. */
  expiresAt?: number
}

export interface ListOptions {
  /** Only keys that start with this string (compared literally, no wildcards). */
  prefix?: string
  /** Only keys at or after this one (code point order): where the next page of a listing starts. */
  start?: string
  limit?: number
}

export interface Storage {
  readonly kind: 'sqlite' | 'postgres'
  /** Applies pending migrations; safe to call from several processes at once. */
  migrate(): Promise<void>
  get<T = Json>(ns: string, key: string): Promise<T | undefined>
  /** Inserts or replaces. `ttlSeconds` undefined means the record never expires. */
  set<T = Json>(ns: string, key: string, value: T, ttlSeconds?: number): Promise<void>
  /** Inserts only when no live record holds the key; true when this call inserted it. */
  add<T = Json>(ns: string, key: string, value: T, ttlSeconds?: number): Promise<boolean>
  /** Atomic get-and-delete: of two concurrent callers, at most one gets the value. */
  consume<T = Json>(ns: string, key: string): Promise<T | undefined>
  /** true when a live record was deleted. */
  delete(ns: string, key: string): Promise<boolean>
  /**
   * Atomically adds one to a counter and returns the new count. A counter that does not exist
   * or has expired starts again at 1 with a fresh TTL; a live one keeps its original expiry.
   */
  increment(ns: string, key: string, ttlSeconds: number): Promise<number>
  /** Live records of a namespace, ordered by key. */
  list<T = Json>(ns: string, options?: ListOptions): Promise<StoredRecord<T>[]>
  /** Removes expired rows; returns how many. Called periodically by the server. */
  purgeExpired(): Promise<number>
  /** Cheap round trip for /healthz. */
  ping(): Promise<void>
  /** Ids of the migrations this code knows and the database lacks (one round trip): readiness. */
  pendingMigrations(): Promise<string[]>
  close(): Promise<void>
}
