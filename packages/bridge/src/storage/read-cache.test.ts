import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { readCache } from './read-cache.js'
import { createSqliteStorage } from './sqlite.js'
import type { Storage } from './types.js'

// Both hold strings, which keeps the records small: one cached namespace, one not.
const CACHED = 'bridge-secret'
const UNCACHED = 'user-email'

/** The storage with each database call counted by method: what the cache is meant to save. */
function counted(storage: Storage) {
  const calls: string[] = []
  const wrapped = new Proxy(storage, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target)
      if (typeof value !== 'function' || typeof property !== 'string') return value
      return (...args: unknown[]) => {
        calls.push(`${property} ${String(args[0])}`)
        return (value as (...a: unknown[]) => unknown).apply(target, args)
      }
    },
  })
  return { storage: wrapped, calls }
}

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function fileStorage(clock?: { now: () => number }) {
  const dir = mkdtempSync(join(tmpdir(), 'ssobridge-cache-'))
  const filename = join(dir, 'cache.db')
  const open = async () => {
    const storage = await createSqliteStorage({ filename, now: clock?.now })
    await storage.migrate()
    cleanups.push(() => storage.close())
    return storage
  }
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
  return { first: await open(), open }
}

describe('the read cache', () => {
  it('reads a read-mostly record once, then from memory', async () => {
    const { first } = await fileStorage()
    await first.set(CACHED, 'k', 'v1')
    const { storage, calls } = counted(first)
    const cache = readCache(storage, [CACHED])

    expect(await cache.get(CACHED, 'k')).toBe('v1')
    expect(await cache.get(CACHED, 'k')).toBe('v1')
    expect(await cache.list(CACHED)).toHaveLength(1)
    expect(await cache.list(CACHED)).toHaveLength(1)
    expect(calls).toEqual([`list ${CACHED}`, `list ${CACHED}`])
  })

  it('passes every other namespace, and every miss, to the storage', async () => {
    const { first } = await fileStorage()
    await first.set(UNCACHED, 'k', 'v')
    const { storage, calls } = counted(first)
    const cache = readCache(storage, [CACHED])

    await cache.get(UNCACHED, 'k')
    await cache.get(UNCACHED, 'k')
    expect(await cache.get(CACHED, 'nobody')).toBeUndefined()
    expect(await cache.get(CACHED, 'nobody')).toBeUndefined()
    expect(calls).toEqual([
      `get ${UNCACHED}`,
      `get ${UNCACHED}`,
      `list ${CACHED}`,
      `list ${CACHED}`,
    ])
  })

  it('answers a get for a key that is a prefix of another with that key only', async () => {
    const { first } = await fileStorage()
    const cache = readCache(first, [CACHED])
    await first.set(CACHED, 'shop-eu', 'eu')
    expect(await cache.get(CACHED, 'shop')).toBeUndefined()
    expect(await cache.get(CACHED, '')).toBeUndefined()
    await first.set(CACHED, 'shop', 'shop')
    expect(await cache.get(CACHED, 'shop')).toBe('shop')
  })

  it('refuses the keys storage refuses, with its error', async () => {
    const { first } = await fileStorage()
    const cache = readCache(first, [CACHED])
    await expect(cache.get(CACHED, 'a\0b')).rejects.toThrow(/U\+0000/)
  })

  it('sees a write through the same storage at once, even one that bypassed the cache', async () => {
    const { first } = await fileStorage()
    const cache = readCache(first, [CACHED])
    await first.set(CACHED, 'k', 'v1')
    expect(await cache.get(CACHED, 'k')).toBe('v1')
    await cache.set(CACHED, 'k', 'v2')
    expect(await cache.get(CACHED, 'k')).toBe('v2')
    // `apply` on SIGHUP writes through the storage the cache wraps, not through the cache.
    await first.set(CACHED, 'k', 'v3')
    expect(await cache.get(CACHED, 'k')).toBe('v3')
    await first.delete(CACHED, 'k')
    expect(await cache.get(CACHED, 'k')).toBeUndefined()
    expect(await cache.list(CACHED)).toEqual([])
  })

  it("sees another process's write at the next read (PRAGMA data_version)", async () => {
    const { first, open } = await fileStorage()
    const other = await open()
    const cache = readCache(first, [CACHED])
    await other.set(CACHED, 'k', 'v1')
    expect(await cache.get(CACHED, 'k')).toBe('v1')
    await other.set(CACHED, 'k', 'v2')
    expect(await cache.get(CACHED, 'k')).toBe('v2')
    await other.delete(CACHED, 'k')
    expect(await cache.get(CACHED, 'k')).toBeUndefined()
  })

  it('hands out copies: a caller changing a record changes nothing cached', async () => {
    const { first } = await fileStorage()
    const cache = readCache(first, [CACHED])
    await first.set(CACHED, 'k', 'v1')
    const [record] = await cache.list(CACHED)
    if (!record) throw new Error('no record')
    record.value = 'changed by a caller'
    expect((await cache.list(CACHED))[0]?.value).toBe('v1')
  })

  it('never serves a record past its expiry', async () => {
    let at = 1_000_000
    const clock = { now: () => at }
    const { first } = await fileStorage(clock)
    const cache = readCache(first, [CACHED], { now: clock.now })
    await first.set(CACHED, 'k', 'v1', 60)
    expect(await cache.get(CACHED, 'k')).toBe('v1')
    expect(await cache.list(CACHED)).toHaveLength(1)
    at += 61_000
    expect(await cache.get(CACHED, 'k')).toBeUndefined()
    expect(await cache.list(CACHED)).toEqual([])
  })

  it('does not keep what it read while a change was on its way', async () => {
    const { first } = await fileStorage()
    await first.set(CACHED, 'k', 'old')
    let release: () => void = () => undefined
    const gate = new Promise<void>((go) => (release = go))
    // The read gets the old value from the database, then waits, as a slow round trip does.
    const slow = new Proxy(first, {
      get(target, property) {
        const value: unknown = Reflect.get(target, property, target)
        if (property !== 'list') return value
        return async (...args: Parameters<Storage['list']>) => {
          const rows = await target.list(...args)
          await gate
          return rows
        }
      },
    })
    const cache = readCache(slow, [CACHED])
    const reading = cache.get(CACHED, 'k')
    await first.set(CACHED, 'k', 'new')
    release()
    expect(await reading).toBe('old')
    expect(await cache.get(CACHED, 'k')).toBe('new')
  })

  it('keeps at most maxEntries records per namespace, dropping the one used longest ago', async () => {
    const { first } = await fileStorage()
    for (const key of ['a', 'b', 'c']) await first.set(CACHED, key, key)
    const { storage, calls } = counted(first)
    const cache = readCache(storage, [CACHED], { maxEntries: 2 })
    await cache.get(CACHED, 'a')
    await cache.get(CACHED, 'b')
    await cache.get(CACHED, 'a') // a is now the one used last
    await cache.get(CACHED, 'c') // b goes
    calls.length = 0
    await cache.get(CACHED, 'a')
    await cache.get(CACHED, 'c')
    expect(calls).toEqual([])
    await cache.get(CACHED, 'b')
    expect(calls).toEqual([`list ${CACHED}`])
  })

  it('reads through once the storage is closed and the feed cannot vouch for anything', async () => {
    const { first } = await fileStorage()
    const cache = readCache(first, [CACHED])
    await first.set(CACHED, 'k', 'v1')
    await cache.get(CACHED, 'k')
    await first.close()
    expect(first.changes.isLive()).toBe(false)
    await expect(cache.get(CACHED, 'k')).rejects.toThrow()
  })
})
