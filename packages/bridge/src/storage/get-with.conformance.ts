/** What every Storage's joined read (getWith) must do; storage.conformance.ts runs it on each driver. */
import { expect } from 'vitest'
import type { RecordStore } from './record-store.js'

interface JoinClock {
  advance(ms: number): void
}
type Test = (title: string, run: (s: RecordStore, clock: JoinClock) => Promise<void>) => void

const VIA = { field: 'userId', ns: 'u' }

export function getWithCases(test: Test) {
  test('returns a record and the one its field names, in one call', async (s) => {
    await s.set('s', 'k', { userId: 'alice', n: 1 })
    await s.set('u', 'alice', { name: 'Alice' })
    expect(await s.getWith('s', 'k', VIA)).toEqual([{ userId: 'alice', n: 1 }, { name: 'Alice' }])
  })

  test('returns the first alone when the second is missing, expired, or not named', async (s, clock) => {
    await s.set('s', 'gone', { userId: 'nobody' })
    expect(await s.getWith('s', 'gone', VIA)).toEqual([{ userId: 'nobody' }, undefined])
    await s.set('s', 'none', { other: 'alice' })
    await s.set('s', 'text', 'not an object')
    await s.set('u', 'alice', 'Alice', 1)
    await s.set('s', 'k', { userId: 'alice' })
    clock.advance(1_001)
    expect(await s.getWith('s', 'k', VIA)).toEqual([{ userId: 'alice' }, undefined])
    expect(await s.getWith('s', 'none', VIA)).toEqual([{ other: 'alice' }, undefined])
    expect(await s.getWith('s', 'text', VIA)).toEqual(['not an object', undefined])
  })

  test('returns nothing when the first is missing or expired', async (s, clock) => {
    await s.set('u', 'alice', 'Alice')
    expect(await s.getWith('s', 'missing', VIA)).toBeUndefined()
    await s.set('s', 'k', { userId: 'alice' }, 1)
    clock.advance(1_001)
    expect(await s.getWith('s', 'k', VIA)).toBeUndefined()
  })

  test('joins within the named namespace only, and on the exact key', async (s) => {
    await s.set('s', 'k', { userId: 'alice' })
    await s.set('other', 'alice', 'wrong namespace')
    await s.set('u', 'alice2', 'wrong key')
    await s.set('u', 'Alice', 'wrong case')
    expect(await s.getWith('s', 'k', VIA)).toEqual([{ userId: 'alice' }, undefined])
  })

  test('refuses a field that is not a plain identifier, before any SQL', async (s) => {
    await s.set('s', 'k', { userId: 'alice' })
    for (const field of ['', 'a.b', "x') OR 1=1 --", '$.userId', 'user id', 'a'.repeat(65)]) {
      await expect(s.getWith('s', 'k', { field, ns: 'u' })).rejects.toThrow(/join field/)
    }
    await expect(s.getWith('s', 'a\0', VIA)).rejects.toThrow(/U\+0000/)
  })
}
