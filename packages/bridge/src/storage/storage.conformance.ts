/** What every Storage must do. Each driver's test file runs this suite against a real database. */
import { describe, expect, it } from 'vitest'
import { migrations } from './migrations.js'
import { getWithCases } from './get-with.conformance.js'
import { outboxCases } from './outbox.conformance.js'
import type { RecordStore } from './record-store.js'
import type { Storage } from './types.js'

/**
 * The driver behind a Storage, which every Storage is (sqlite.ts and postgres.ts return their
 * RecordStore as one): the drivers' tests write made-up namespaces that no module declares.
 */
export const driverOf = (storage: Storage): RecordStore => storage as unknown as RecordStore

export interface Clock {
  now: () => number
  advance(ms: number): void
}

export const manualClock = (start = 1_800_000_000_000): Clock => {
  let time = start
  return { now: () => time, advance: (ms) => void (time += ms) }
}

export interface StorageFixture {
  /** A storage on an empty database of its own, not migrated yet, reading time from the clock. */
  storage: Storage
  /** Opens another storage (own connections, same clock) on the same database, not migrated. */
  openAnother?: () => Promise<Storage>
  /** Closes everything the fixture opened and removes the database. */
  cleanup(): Promise<void>
}

export type StorageFactory = (clock: Clock) => Promise<StorageFixture>

export interface ConformanceOptions {
  /** The database cannot be opened twice (SQLite `:memory:`): skip the tests that need that. */
  singleHandle?: boolean
}

type Body = (s: RecordStore, clock: Clock, fixture: StorageFixture) => Promise<void>

/** Code point order (= UTF-8 byte order), which both databases sort keys by; JS sorts UTF-16. */
const byCodePoint = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b))

const times = <T>(n: number, run: (i: number) => Promise<T>) =>
  Promise.all(Array.from({ length: n }, (_, i) => run(i)))

export function runStorageConformance(
  name: string,
  factory: StorageFactory,
  options: ConformanceOptions = {},
) {
  async function withFixture(run: Body, migrate = true) {
    const clock = manualClock()
    const fixture = await factory(clock)
    try {
      if (migrate) await fixture.storage.migrate()
      await run(driverOf(fixture.storage), clock, fixture)
    } finally {
      await fixture.cleanup()
    }
  }
  const test = (title: string, run: Body) => it(title, () => withFixture(run))
  const testShared = (
    title: string,
    run: (a: RecordStore, b: RecordStore, clock: Clock) => Promise<void>,
  ) =>
    it.skipIf(options.singleHandle)(title, () =>
      withFixture(async (a, clock, fixture) => {
        if (!fixture.openAnother) throw new Error('the fixture needs openAnother (or singleHandle)')
        const b = await fixture.openAnother()
        try {
          await run(a, driverOf(b), clock)
        } finally {
          await b.close()
        }
      }, false),
    )

  describe(`${name} storage conformance`, () => {
    describe('outbox', () => outboxCases(test, testShared))
    describe('getWith', () => getWithCases(test))

    describe('migrate and ping', () => {
      test('migrating again is a no-op that keeps the data', async (s) => {
        await s.set('ns', 'k', 'kept')
        await s.migrate()
        await s.migrate()
        expect(await s.get('ns', 'k')).toBe('kept')
        await s.ping()
      })

      it('reports every migration pending before migrate() and none after', () =>
        withFixture(async (s) => {
          expect(await s.pendingMigrations()).toEqual(migrations.map((m) => m.id))
          await s.migrate()
          expect(await s.pendingMigrations()).toEqual([])
        }, false))

      testShared('two storages migrating one database at once both succeed', async (a, b) => {
        await Promise.all([a.migrate(), b.migrate()])
        await a.set('ns', 'k', 'from a')
        expect(await b.get('ns', 'k')).toBe('from a')
        await Promise.all([a.migrate(), b.migrate()])
        expect(await b.consume('ns', 'k')).toBe('from a')
        expect(await a.get('ns', 'k')).toBeUndefined()
      })
    })

    describe('get, set, delete', () => {
      const values: [string, unknown][] = [
        ['a nested object', { a: [1, 'two', null, true, { deep: [[], {}] }], n: -1.5e-7 }],
        ['unicode', 'ü ∑ 😀 \u{10FFFF} \u0000 "quotes" \\ \n'],
        ['a lone surrogate inside a value', 'x\uD800y'],
        ['an empty string', ''],
        ['zero', 0],
        ['false', false],
        ['null', null],
        ['an empty array', []],
        [
          'a 100 KB value',
          { big: 'x'.repeat(100_000) + 'é', list: Array.from({ length: 1000 }, (_, i) => i) },
        ],
      ]
      for (const [label, value] of values) {
        test(`round-trips ${label}`, async (s) => {
          await s.set('ns', 'k', value)
          expect(await s.get('ns', 'k')).toEqual(value)
          expect(await s.consume('ns', 'k')).toEqual(value)
        })
      }

      test('returns undefined for a missing key, and null for a stored null', async (s) => {
        expect(await s.get('ns', 'missing')).toBeUndefined()
        await s.set('ns', 'null', null)
        expect(await s.get('ns', 'null')).toBeNull()
      })

      test('replaces the value and the TTL', async (s, clock) => {
        await s.set('ns', 'k', 'first', 10)
        await s.set('ns', 'k', 'second')
        clock.advance(60_000)
        expect(await s.get('ns', 'k')).toBe('second')
        await s.set('ns', 'k', 'third', 10)
        clock.advance(10_000)
        expect(await s.get('ns', 'k')).toBeUndefined()
      })

      test('deletes a live record once', async (s) => {
        await s.set('ns', 'k', 1)
        expect(await s.delete('ns', 'k')).toBe(true)
        expect(await s.delete('ns', 'k')).toBe(false)
        expect(await s.get('ns', 'k')).toBeUndefined()
        expect(await s.delete('ns', 'never')).toBe(false)
      })

      test('takes any string as namespace and key, as data', async (s) => {
        const names = [
          '',
          ' ',
          "'; DROP TABLE records; --",
          '%',
          '_',
          'a\\b',
          '😀',
          'é'.repeat(1000),
        ]
        for (const [i, name] of names.entries()) await s.set(name, name, i)
        for (const [i, name] of names.entries()) expect(await s.get(name, name)).toBe(i)
        expect(await s.list("'; DROP TABLE records; --")).toHaveLength(1)
      })

      test('keeps namespaces apart in every method', async (s) => {
        await s.set('a', 'k', 'in a')
        await s.set('b', 'k', 'in b')
        expect(await s.add('b', 'k', 'again')).toBe(false)
        expect(await s.delete('a', 'k')).toBe(true)
        expect(await s.get('b', 'k')).toBe('in b')
        expect(await s.consume('a', 'k')).toBeUndefined()
        expect(await s.increment('a', 'n', 60)).toBe(1)
        expect(await s.increment('b', 'n', 60)).toBe(1)
        expect((await s.list('b')).map((r) => r.key)).toEqual(['k', 'n'])
      })

      test('refuses what a database would mangle, the same way everywhere', async (s) => {
        await expect(s.set('ns', 'a\0b', 1)).rejects.toThrow(TypeError)
        await expect(s.get('a\0b', 'k')).rejects.toThrow(TypeError)
        await expect(s.add('ns', 'x\uD800', 1)).rejects.toThrow(TypeError)
        await expect(s.list('ns', { prefix: '\uDC00' })).rejects.toThrow(TypeError)
        await expect(s.set('ns', 'k', undefined)).rejects.toThrow(TypeError)
        await expect(s.set('ns', 'k', 1, Number.NaN)).rejects.toThrow(RangeError)
        await expect(s.increment('ns', 'k', Infinity)).rejects.toThrow(RangeError)
        await expect(s.list('ns', { limit: -1 })).rejects.toThrow(RangeError)
        await expect(s.list('ns', { limit: 1.5 })).rejects.toThrow(RangeError)
        expect(await s.list('ns')).toEqual([])
      })
    })

    describe('TTL', () => {
      test('a record lives for exactly its TTL, fractions included', async (s, clock) => {
        await s.set('ns', 'ten', 1, 10)
        await s.set('ns', 'half', 2, 0.5)
        clock.advance(499)
        expect(await s.get('ns', 'half')).toBe(2)
        clock.advance(1)
        expect(await s.get('ns', 'half')).toBeUndefined()
        clock.advance(9_499)
        expect(await s.get('ns', 'ten')).toBe(1)
        clock.advance(1)
        expect(await s.get('ns', 'ten')).toBeUndefined()
      })

      test('a TTL of zero or less writes an already expired record', async (s) => {
        await s.set('ns', 'zero', 1, 0)
        await s.set('ns', 'negative', 1, -5)
        expect(await s.get('ns', 'zero')).toBeUndefined()
        expect(await s.get('ns', 'negative')).toBeUndefined()
      })

      test('expired records are invisible to every method before any purge', async (s, clock) => {
        for (const key of ['get', 'consume', 'delete', 'add', 'list'])
          await s.set('ns', key, key, 1)
        await s.increment('ns', 'counter', 1)
        clock.advance(1000)
        expect(await s.get('ns', 'get')).toBeUndefined()
        expect(await s.consume('ns', 'consume')).toBeUndefined()
        expect(await s.delete('ns', 'delete')).toBe(false)
        expect(await s.add('ns', 'add', 'fresh')).toBe(true)
        expect(await s.get('ns', 'add')).toBe('fresh')
        expect(await s.increment('ns', 'counter', 1)).toBe(1)
        expect((await s.list('ns')).map((r) => r.key)).toEqual(['add', 'counter'])
      })

      test('purgeExpired removes and counts only the expired rows', async (s, clock) => {
        await s.set('ns', 'a', 1, 1)
        await s.set('ns', 'b', 1, 1)
        await s.set('other', 'c', 1, 1)
        await s.set('ns', 'forever', 1)
        await s.set('ns', 'later', 1, 120)
        expect(await s.purgeExpired()).toBe(0)
        clock.advance(1000)
        expect(await s.purgeExpired()).toBe(3)
        expect(await s.purgeExpired()).toBe(0)
        expect((await s.list('ns')).map((r) => r.key)).toEqual(['forever', 'later'])
      })
    })

    describe('add', () => {
      test('inserts only when no live record holds the key', async (s, clock) => {
        expect(await s.add('ns', 'k', 'first', 5)).toBe(true)
        expect(await s.add('ns', 'k', 'second', 50)).toBe(false)
        expect(await s.list('ns')).toEqual([
          { key: 'k', value: 'first', expiresAt: clock.now() + 5000 },
        ])
        clock.advance(5000)
        expect(await s.add('ns', 'k', 'third')).toBe(true)
        expect(await s.add('ns', 'k', 'fourth', 5)).toBe(false)
        expect(await s.get('ns', 'k')).toBe('third')
        await s.consume('ns', 'k')
        expect(await s.add('ns', 'k', 'fifth')).toBe(true)
      })

      test('of 20 concurrent adds exactly one wins, and its value stays', async (s) => {
        const results = await times(20, (i) => s.add('ns', 'race', i, 60))
        expect(results.filter(Boolean)).toHaveLength(1)
        expect(await s.get('ns', 'race')).toBe(results.indexOf(true))
      })

      test('of 20 concurrent adds over an expired record exactly one wins', async (s, clock) => {
        await s.set('ns', 'race', 'old', 1)
        clock.advance(1000)
        const results = await times(20, (i) => s.add('ns', 'race', i, 60))
        expect(results.filter(Boolean)).toHaveLength(1)
        expect(await s.get('ns', 'race')).toBe(results.indexOf(true))
      })
    })

    describe('consume', () => {
      test('returns the value once, then undefined', async (s) => {
        await s.set('ns', 'once', { v: 1 }, 60)
        expect(await s.consume('ns', 'once')).toEqual({ v: 1 })
        expect(await s.consume('ns', 'once')).toBeUndefined()
        expect(await s.get('ns', 'once')).toBeUndefined()
        expect(await s.consume('ns', 'never')).toBeUndefined()
      })

      test('gives a record to exactly one of 20 concurrent consumers', async (s) => {
        await s.set('ns', 'race', 'prize', 60)
        const results = await times(20, () => s.consume('ns', 'race'))
        expect(results.filter((r) => r !== undefined)).toEqual(['prize'])
      })

      testShared('gives a record to one consumer across two storages', async (a, b) => {
        await a.migrate()
        await a.set('ns', 'race', 'prize', 60)
        const results = await times(20, (i) => (i % 2 ? a : b).consume('ns', 'race'))
        expect(results.filter((r) => r !== undefined)).toEqual(['prize'])
      })
    })

    describe('increment', () => {
      test('counts from 1 in a window that keeps its first expiry, then starts again', async (s, clock) => {
        const start = clock.now()
        expect(await s.increment('c', 'k', 60)).toBe(1)
        clock.advance(30_000)
        expect(await s.increment('c', 'k', 60)).toBe(2)
        expect(await s.list('c')).toEqual([{ key: 'k', value: 2, expiresAt: start + 60_000 }])
        clock.advance(30_000)
        expect(await s.increment('c', 'k', 60)).toBe(1)
        expect(await s.list('c')).toEqual([{ key: 'k', value: 1, expiresAt: clock.now() + 60_000 }])
        expect(await s.increment('c', 'other', 60)).toBe(1)
      })

      test('50 concurrent increments return 1..50, each once', async (s) => {
        const counts = await times(50, () => s.increment('c', 'k', 60))
        expect([...counts].sort((x, y) => x - y)).toEqual(
          Array.from({ length: 50 }, (_, i) => i + 1),
        )
        expect(await s.get('c', 'k')).toBe(50)
      })

      testShared('counts without losing updates across two storages', async (a, b) => {
        await a.migrate()
        const counts = await times(50, (i) => (i % 2 ? a : b).increment('c', 'k', 60))
        expect(new Set(counts).size).toBe(50)
        expect(await b.get('c', 'k')).toBe(50)
      })
    })

    describe('list', () => {
      const keys = async (s: RecordStore, prefix?: string, limit?: number) =>
        (await s.list('ns', { prefix, limit })).map((r) => r.key)

      test('orders keys by code point, not by locale or UTF-16', async (s) => {
        const all = ['b', 'B', 'a', 'é', 'e', '😀', '\uFFFD', '\u{10FFFF}', '10', '9', '']
        for (const key of all) await s.set('ns', key, key)
        expect(await keys(s)).toEqual([...all].sort(byCodePoint))
      })

      test('matches the prefix literally: % _ \\ and unicode are plain characters', async (s) => {
        const all = [
          'b',
          'b%x',
          'b:1',
          'b:2',
          'b\\x',
          'b_x',
          'bx',
          'bé',
          'bé2',
          'b😀',
          'ba',
          'c',
          'a',
        ]
        for (const key of all) await s.set('ns', key, key)
        await s.set('other', 'b:3', 'elsewhere')
        expect(await keys(s, 'b:')).toEqual(['b:1', 'b:2'])
        expect(await keys(s, 'b%')).toEqual(['b%x'])
        expect(await keys(s, 'b_')).toEqual(['b_x'])
        expect(await keys(s, 'b\\')).toEqual(['b\\x'])
        expect(await keys(s, 'bé')).toEqual(['bé', 'bé2'])
        expect(await keys(s, 'b😀')).toEqual(['b😀'])
        expect(await keys(s, 'b')).toEqual(all.filter((k) => k.startsWith('b')).sort(byCodePoint))
        expect(await keys(s, 'zzz')).toEqual([])
        expect(await keys(s, '')).toHaveLength(all.length)
      })

      test('handles prefixes at the edges of the code point range', async (s) => {
        const all = [
          '\u{10FFFF}',
          '\u{10FFFF}\u{10FFFF}x',
          '\u{10FFFF}a',
          'x\uD7FF',
          'x\uD7FFz',
          'x\uE000',
        ]
        for (const key of all) await s.set('ns', key, key)
        expect(await keys(s, '\u{10FFFF}')).toEqual([
          '\u{10FFFF}',
          '\u{10FFFF}a',
          '\u{10FFFF}\u{10FFFF}x',
        ])
        expect(await keys(s, '\u{10FFFF}\u{10FFFF}')).toEqual(['\u{10FFFF}\u{10FFFF}x'])
        expect(await keys(s, 'x\uD7FF')).toEqual(['x\uD7FF', 'x\uD7FFz'])
      })

      test('limits after ordering', async (s) => {
        for (const key of ['d', 'a', 'c', 'b']) await s.set('ns', key, key)
        expect(await keys(s, undefined, 2)).toEqual(['a', 'b'])
        expect(await keys(s, undefined, 0)).toEqual([])
        expect(await keys(s, undefined, 10)).toEqual(['a', 'b', 'c', 'd'])
      })

      test('starts at a key, inside the prefix range only', async (s) => {
        for (const key of ['a:1', 'a:2', 'a:3', 'b:1', 'é']) await s.set('ns', key, key)
        const from = async (start: string, prefix?: string, limit?: number) =>
          (await s.list('ns', { start, prefix, limit })).map((r) => r.key)
        expect(await from('a:2')).toEqual(['a:2', 'a:3', 'b:1', 'é'])
        expect(await from('a:2\u0001', 'a:')).toEqual(['a:3'])
        expect(await from('a:2', 'a:', 1)).toEqual(['a:2'])
        expect(await from('', 'b:')).toEqual(['b:1'])
        expect(await from('c', 'a:')).toEqual([])
        expect(await from('e')).toEqual(['é'])
        await expect(s.list('ns', { start: 'x\0' })).rejects.toThrow(TypeError)
      })

      test('returns values and expiry, skips expired records', async (s, clock) => {
        await s.set('ns', 'forever', { v: 1 })
        await s.set('ns', 'soon', 'x', 10)
        await s.set('ns', 'gone', 'x', 1)
        clock.advance(1000)
        expect(await s.list('ns')).toEqual([
          { key: 'forever', value: { v: 1 } },
          { key: 'soon', value: 'x', expiresAt: clock.now() + 9000 },
        ])
        const [forever] = await s.list('ns')
        expect(forever).not.toHaveProperty('expiresAt')
        expect(await s.list('ns', { limit: 1, prefix: 'g' })).toEqual([])
      })
    })
  })
}
