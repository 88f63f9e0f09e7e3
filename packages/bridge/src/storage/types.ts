/**
 * Everything the bridge keeps lives behind this interface, so that any number of bridge
 * processes can share one database. Records are JSON values addressed by (namespace, key);
 * a record with a TTL disappears when it expires and is never returned after that.
 */
import type { Json } from './json-value.js'
import type { ChangeFeed } from './change-feed-types.js'
import type { Outbox } from './outbox-types.js'

export type { Json } from './json-value.js'

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

/**
 * What each namespace holds. Empty here because storage is the bottom layer and imports nothing:
 * the module that owns a namespace declares its record beside the code that writes it,
 *
 *     declare module '../storage/types.js' {
 *       interface StorageRecords { session: Session }
 *     }
 *
 * which adds to this interface (declaration merging) with an import that points down, the only
 * way the layers allow. A namespace nobody declares cannot be read or written, and two modules
 * declaring one namespace with different records fail to compile.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by declaration merging
export interface StorageRecords {}

export type Namespace = keyof StorageRecords & string

/** Namespaces whose records are numbers: the only ones `increment` may count in. */
export type CounterNamespace = {
  [N in Namespace]: StorageRecords[N] extends number ? N : never
}[Namespace]

/**
 * What of `T` JSON cannot carry (functions, symbols, bigints, Dates, Maps, Sets…); never if
 * nothing. Looks 10 levels deep, which is deeper than any record nests, and recursive types stop.
 */
export type Unstorable<T, Depth extends unknown[] = []> = Depth['length'] extends 10
  ? never
  : T extends string | number | boolean | null | undefined
    ? never
    : T extends
          | bigint
          | symbol
          | Date
          | Map<unknown, unknown>
          | Set<unknown>
          | Uint8Array
          | ((...args: never[]) => unknown)
      ? T
      : T extends readonly (infer E)[]
        ? Unstorable<E, [...Depth, E]>
        : { [K in keyof T]-?: Unstorable<T[K], [...Depth, K]> }[keyof T]

type UnstorableNamespace = {
  [N in Namespace]: [Unstorable<StorageRecords[N]>] extends [never] ? never : N
}[Namespace]

// Declared records go through JSON (json.ts): a record that would not come back as it went in
// fails to compile here, with its namespace in the message.
const _everyRecordIsJson: [UnstorableNamespace] extends [never] ? true : UnstorableNamespace = true

/** Where `getWith` finds the second record: the key is the first record's string field. */
export interface JoinVia {
  field: string
  ns: string
}

/** The fields of a record that hold strings: what `getWith` may follow. */
export type StringField<T> = { [K in keyof T]-?: T[K] extends string ? K : never }[keyof T] & string

export interface Storage {
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
  get<N extends Namespace>(ns: N, key: string): Promise<StorageRecords[N] | undefined>
  /**
   * A record and, in the same round trip, the live record of `via.ns` whose key is the record's
   * field `via.field` (a join, as a session and its user): undefined when the first is missing.
   * Never served from a cache.
   */
  getWith<N extends Namespace, M extends Namespace>(
    ns: N,
    key: string,
    via: { field: StringField<StorageRecords[N]>; ns: M },
  ): Promise<[first: StorageRecords[N], joined: StorageRecords[M] | undefined] | undefined>
  /** Inserts or replaces. `ttlSeconds` undefined means the record never expires. */
  set<N extends Namespace>(
    ns: N,
    key: string,
    value: StorageRecords[N],
    ttlSeconds?: number,
  ): Promise<void>
  /** Inserts only when no live record holds the key; true when this call inserted it. */
  add<N extends Namespace>(
    ns: N,
    key: string,
    value: StorageRecords[N],
    ttlSeconds?: number,
  ): Promise<boolean>
  /** Atomic get-and-delete: of two concurrent callers, at most one gets the value. */
  consume<N extends Namespace>(ns: N, key: string): Promise<StorageRecords[N] | undefined>
  /** true when a live record was deleted. */
  delete(ns: Namespace, key: string): Promise<boolean>
  /**
   * Atomically adds one to a counter and returns the new count. A counter that does not exist
   * or has expired starts again at 1 with a fresh TTL; a live one keeps its original expiry.
   */
  increment(ns: CounterNamespace, key: string, ttlSeconds: number): Promise<number>
  /** Live records of a namespace, ordered by key. */
  list<N extends Namespace>(
    ns: N,
    options?: ListOptions,
  ): Promise<StoredRecord<StorageRecords[N]>[]>

  /** Removes expired rows; returns how many. Called periodically by the server. */
  purgeExpired(): Promise<number>
  /** Cheap round trip for /healthz. */
  ping(): Promise<void>
  /** Ids of the migrations this code knows and the database lacks (one round trip): readiness. */
  pendingMigrations(): Promise<string[]>
  close(): Promise<void>
}
