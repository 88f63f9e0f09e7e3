/** What every Storage must do. Each driver's test file runs this suite against a real database. */
import { describe, expect, it } from 'vitest'
import type { Storage } from './types.js'

export interface Clock {
  now: () => number
  advance(ms: number): void
}

export const manualClock = (start = 1_800_000_000_000): Clock => {
  let time = start
  return { now: () => time, advance: (ms) => (time += ms) }
}

export type StorageFactory = (
  clock: Clock,
) => Promise<{ storage: Storage; cleanup(): Promise<void> }>

export function runStorageConformance(name: string, factory: StorageFactory) {
  async function withStorage(run: (storage: Storage, clock: Clock) => Promise<void>) {
    const clock = manualClock()
    const { storage, cleanup } = await factory(clock)
    try {
      await run(storage, clock)
    } finally {
      await cleanup()
    }
  }

  describe(`${name} storage`, () => {
    it('sets, gets, replaces and deletes JSON values', () =>
      withStorage(async (s) => {
        const value = { a: [1, 'two', null, true], nested: { ü: '∑ 😀', empty: '' } }
        await s.set('ns', 'k', value)
        expect(await s.get('ns', 'k')).toEqual(value)
        await s.set('ns', 'k', 'replaced')
        expect(await s.get('ns', 'k')).toBe('replaced')
        expect(await s.get('other', 'k')).toBeUndefined()
        expect(await s.delete('ns', 'k')).toBe(true)
        expect(await s.delete('ns', 'k')).toBe(false)
        expect(await s.get('ns', 'k')).toBeUndefined()
        await s.set('ns', 'zero', 0)
        expect(await s.get('ns', 'zero')).toBe(0)
      }))

    it('keeps large values intact', () =>
      withStorage(async (s) => {
        const big = 'x'.repeat(100_000) + 'é'
        await s.set('ns', 'big', { big })
        expect(await s.get('ns', 'big')).toEqual({ big })
      }))

    it('hides expired records from every method before any purge', () =>
      withStorage(async (s, clock) => {
        await s.set('ns', 'short', 1, 10)
        await s.set('ns', 'forever', 2)
        clock.advance(9_999)
        expect(await s.get('ns', 'short')).toBe(1)
        clock.advance(1)
        expect(await s.get('ns', 'short')).toBeUndefined()
        expect(await s.consume('ns', 'short')).toBeUndefined()
        await s.set('ns', 'short2', 1, 1)
        clock.advance(1000)
        expect(await s.delete('ns', 'short2')).toBe(false)
        expect((await s.list('ns')).map((r) => r.key)).toEqual(['forever'])
        expect(await s.purgeExpired()).toBe(1) // short2 (short was consumed away)
        expect(await s.purgeExpired()).toBe(0)
        expect(await s.get('ns', 'forever')).toBe(2)
      }))

    it('adds only when no live record holds the key', () =>
      withStorage(async (s, clock) => {
        expect(await s.add('ns', 'k', 'first', 5)).toBe(true)
        expect(await s.add('ns', 'k', 'second', 5)).toBe(false)
        expect(await s.get('ns', 'k')).toBe('first')
        clock.advance(5000)
        expect(await s.add('ns', 'k', 'third')).toBe(true)
        expect(await s.get('ns', 'k')).toBe('third')
        expect(await s.add('ns', 'k', 'fourth')).toBe(false)
      }))

    it('consumes a record exactly once', () =>
      withStorage(async (s) => {
        await s.set('ns', 'once', { v: 1 }, 60)
        expect(await s.consume('ns', 'once')).toEqual({ v: 1 })
        expect(await s.consume('ns', 'once')).toBeUndefined()
        expect(await s.get('ns', 'once')).toBeUndefined()
      }))

    it('gives a record to one of twenty concurrent consumers', () =>
      withStorage(async (s) => {
        await s.set('ns', 'race', 'prize', 60)
        const results = await Promise.all(Array.from({ length: 20 }, () => s.consume('ns', 'race')))
        expect(results.filter((r) => r !== undefined)).toEqual(['prize'])
      }))

    it('lets one of twenty concurrent adds win', () =>
      withStorage(async (s) => {
        const results = await Promise.all(
          Array.from({ length: 20 }, (_, i) => s.add('ns', 'race', i, 60)),
        )
        expect(results.filter(Boolean)).toHaveLength(1)
      }))

    it('counts atomically within a window, then starts again', () =>
      withStorage(async (s, clock) => {
        const counts = await Promise.all(
          Array.from({ length: 50 }, () => s.increment('c', 'k', 60)),
        )
        expect(new Set(counts).size).toBe(50)
        expect(Math.max(...counts)).toBe(50)
        expect(await s.get('c', 'k')).toBe(50)
        clock.advance(30_000)
        expect(await s.increment('c', 'k', 60)).toBe(51)
        clock.advance(30_000) // the window keeps its first expiry
        expect(await s.increment('c', 'k', 60)).toBe(1)
        clock.advance(59_999)
        expect(await s.increment('c', 'k', 60)).toBe(2)
      }))

    it('lists by literal prefix, ordered, limited', () =>
      withStorage(async (s) => {
        for (const key of ['b:2', 'b:1', 'a:1', 'b%x', 'b_x', 'b', 'bé', 'c'])
          await s.set('ns', key, key)
        await s.set('other', 'b:3', 'elsewhere')
        const keys = async (prefix?: string, limit?: number) =>
          (await s.list('ns', { prefix, limit })).map((r) => r.key)
        expect(await keys('b:')).toEqual(['b:1', 'b:2'])
        expect(await keys('b%')).toEqual(['b%x'])
        expect(await keys('b_')).toEqual(['b_x'])
        expect(await keys('b')).toEqual(['b', 'b%x', 'b:1', 'b:2', 'b_x', 'bé'])
        expect(await keys('b', 2)).toEqual(['b', 'b%x'])
        expect(await keys()).toHaveLength(8)
        expect(await keys('zzz')).toEqual([])
        const [first] = await s.list('ns', { prefix: 'a:' })
        expect(first).toEqual({ key: 'a:1', value: 'a:1' })
      }))

    it('reports expiry on listed records', () =>
      withStorage(async (s, clock) => {
        await s.set('ns', 'k', 1, 10)
        expect(await s.list('ns')).toEqual([
          { key: 'k', value: 1, expiresAt: clock.now() + 10_000 },
        ])
      }))

    it('migrates again without harm and answers ping', () =>
      withStorage(async (s) => {
        await s.set('ns', 'k', 'kept')
        await s.migrate()
        expect(await s.get('ns', 'k')).toBe('kept')
        await s.ping()
      }))
  })
}
