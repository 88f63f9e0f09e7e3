/**
 * Read-mostly records (apps, connections, signing keys…) kept in this process's memory, so that a
 * sign-in reads from the database only what is its own (the session, the user). A record is
 * served from memory only while the storage's change feed is live (change-feed.ts), and a change
 * to a namespace, made here or announced by another process, drops every entry of it; an entry
 * read while a change was on its way is never kept.
 *
 * Every other namespace, and every write, goes straight to the storage.
 */
import { checkNames } from './record-inputs.js'
import type { ListOptions, Namespace, Storage, StorageRecords, StoredRecord } from './types.js'

export interface ReadCacheOptions {
  /** Per namespace; beyond it, the entry used longest ago goes. */
  maxEntries?: number
  now?: () => number
}

const MAX_ENTRIES = 5_000

interface Entry {
  records: StoredRecord<unknown>[]
  /** The soonest expiry among them: the entry is dropped then. */
  expiresAt: number
}

interface NamespaceCache {
  /** Bumped on every change: a read that started under an older generation is not kept. */
  generation: number
  entries: Map<string, Entry>
}

export function readCache(
  storage: Storage,
  namespaces: readonly Namespace[],
  options: ReadCacheOptions = {},
): Storage {
  const now = options.now ?? Date.now
  const maxEntries = options.maxEntries ?? MAX_ENTRIES
  const caches = new Map<string, NamespaceCache>(
    namespaces.map((ns) => [ns, { generation: 0, entries: new Map() }]),
  )
  const drop = (cache: NamespaceCache) => {
    cache.generation++
    cache.entries.clear()
  }
  storage.changes.subscribe((ns) => {
    if (ns === undefined) caches.forEach(drop)
    else {
      const cache = caches.get(ns)
      if (cache) drop(cache)
    }
  })

  /** The records of (ns, entry key), from memory or fetched; copies, so callers may change them. */
  async function cached(
    cache: NamespaceCache,
    key: string,
    fetch: () => Promise<StoredRecord<unknown>[]>,
    keepEmpty: boolean,
  ): Promise<StoredRecord<unknown>[]> {
    if (!storage.changes.isLive()) return fetch()
    const hit = cache.entries.get(key)
    if (hit && hit.expiresAt > now()) {
      // Map order is insertion order: moving the hit to the end keeps the eviction LRU.
      cache.entries.delete(key)
      cache.entries.set(key, hit)
      return structuredClone(hit.records)
    }
    const generation = cache.generation
    const records = await fetch()
    const keep = keepEmpty || records.length > 0
    if (keep && cache.generation === generation && storage.changes.isLive()) {
      cache.entries.delete(key)
      if (cache.entries.size >= maxEntries) {
        const oldest = cache.entries.keys().next()
        if (!oldest.done) cache.entries.delete(oldest.value)
      }
      const expiresAt = Math.min(Infinity, ...records.map((r) => r.expiresAt ?? Infinity))
      cache.entries.set(key, { records: structuredClone(records), expiresAt })
    }
    return records
  }

  return {
    ...storage,
    // Spread copies the getters' values; these stay the storage's own.
    kind: storage.kind,
    outbox: storage.outbox,
    changes: storage.changes,
    async get<N extends Namespace>(ns: N, key: string) {
      const cache = caches.get(ns)
      if (!cache) return storage.get(ns, key)
      checkNames(ns, key)
      // The listing of this key's prefix starts with the key itself when it exists, and carries
      // the expiry a plain get would not tell. A miss is not kept: unknown ids sent by anyone
      // would otherwise push the real records out.
      const [first] = await cached(
        cache,
        `get:${key}`,
        async () =>
          (await storage.list(ns, { prefix: key, limit: 1 })).filter((r) => r.key === key),
        false,
      )
      return first?.value as StorageRecords[N] | undefined
    },
    async list<N extends Namespace>(ns: N, listOptions?: ListOptions) {
      const cache = caches.get(ns)
      if (!cache) return storage.list(ns, listOptions)
      const { prefix, start, limit } = listOptions ?? {}
      const key = `list:${JSON.stringify([prefix, start, limit])}`
      const records = await cached(cache, key, () => storage.list(ns, listOptions), true)
      return records as StoredRecord<StorageRecords[N]>[]
    },
  }
}
