/**
 * Which records changed, for a cache of read-mostly records (read-cache.ts): a write through this
 * storage object is announced before its promise resolves; a write by another process (the CLI,
 * `apply`, another instance) as soon as the database tells, which is the driver's part.
 */
import type { ChangeFeed, ChangeListener, RemoteChanges } from './change-feed-types.js'
import type { RecordStore } from './record-store.js'

/**
 * The driver with a change feed: every write method announces its namespace once it is done, and
 * close() stops the remote watch first. A write that changed nothing (an `add` that lost, a
 * `delete` of nothing) announces nothing.
 */
export function withChangeFeed(store: Omit<RecordStore, 'changes'>, remote: RemoteChanges) {
  const listeners = new Set<ChangeListener>()
  let started = false
  const emit: ChangeListener = (ns) => {
    for (const listener of listeners) listener(ns)
  }
  const changes: ChangeFeed = {
    subscribe(listener) {
      listeners.add(listener)
      if (!started) {
        started = true
        remote.start(emit)
      }
      return () => listeners.delete(listener)
    },
    isLive: () => started && remote.isLive(),
  }
  const announced: RecordStore = {
    ...store,
    changes,
    async set(ns, key, value, ttlSeconds) {
      await store.set(ns, key, value, ttlSeconds)
      emit(ns)
    },
    async add(ns, key, value, ttlSeconds) {
      const added = await store.add(ns, key, value, ttlSeconds)
      if (added) emit(ns)
      return added
    },
    async consume<T>(ns: string, key: string) {
      const value = await store.consume<T>(ns, key)
      if (value !== undefined) emit(ns)
      return value
    },
    async delete(ns, key) {
      const deleted = await store.delete(ns, key)
      if (deleted) emit(ns)
      return deleted
    },
    async increment(ns, key, ttlSeconds) {
      const count = await store.increment(ns, key, ttlSeconds)
      emit(ns)
      return count
    },
    async purgeExpired() {
      const purged = await store.purgeExpired()
      // Which namespaces lost rows is not known; a few more reads is the price.
      if (purged > 0) emit(undefined)
      return purged
    },
    async close() {
      listeners.clear()
      await remote.stop()
      await store.close()
    },
  }
  return announced
}
