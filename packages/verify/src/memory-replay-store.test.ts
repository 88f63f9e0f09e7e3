import { describe, expect, it } from 'vitest'
import { MemoryReplayStore } from './memory-replay-store.js'

function clock(startMs = 1_000_000_000_000) {
  let now = startMs
  return {
    now: () => now,
    seconds: () => Math.floor(now / 1000),
    advance: (seconds: number) => void (now += seconds * 1000),
  }
}

describe('MemoryReplayStore', () => {
  it('accepts an id once until it expires', async () => {
    const time = clock()
    const store = new MemoryReplayStore({ now: time.now })
    const until = time.seconds() + 120
    expect(await store.markUsed('a', until)).toBe(true)
    expect(await store.markUsed('a', until)).toBe(false)
    expect(await store.markUsed('b', until)).toBe(true)
    time.advance(119)
    expect(await store.markUsed('a', until)).toBe(false)
    time.advance(2)
    expect(await store.markUsed('a', until + 200)).toBe(true)
  })

  it('does not keep ids that are already expired', async () => {
    const time = clock()
    const store = new MemoryReplayStore({ now: time.now, maxEntries: 1 })
    expect(await store.markUsed('old', time.seconds() - 1)).toBe(true)
    expect(await store.markUsed('fresh', time.seconds() + 60)).toBe(true)
    expect(await store.markUsed('fresh', time.seconds() + 60)).toBe(false)
  })

  it('sweeps expired ids and stays within maxEntries', async () => {
    const time = clock()
    const store = new MemoryReplayStore({ now: time.now, maxEntries: 3 })
    for (const id of ['a', 'b', 'c']) await store.markUsed(id, time.seconds() + 10)
    time.advance(11)
    for (const id of ['d', 'e', 'f']) await store.markUsed(id, time.seconds() + 10)
    // a–c expired and were swept; d–f are all still remembered.
    for (const id of ['d', 'e', 'f'])
      expect(await store.markUsed(id, time.seconds() + 10)).toBe(false)
    // Full of live ids: the oldest makes room.
    expect(await store.markUsed('g', time.seconds() + 10)).toBe(true)
    expect(await store.markUsed('g', time.seconds() + 10)).toBe(false)
    expect(await store.markUsed('d', time.seconds() + 10)).toBe(true)
  })

  it('lets only one of many concurrent marks of the same id through', async () => {
    const store = new MemoryReplayStore()
    const until = Math.floor(Date.now() / 1000) + 60
    const results = await Promise.all(Array.from({ length: 10 }, () => store.markUsed('x', until)))
    expect(results.filter(Boolean)).toHaveLength(1)
  })
})
