/** What every Storage's outbox must do; storage.conformance.ts runs it on each driver. */
import { expect } from 'vitest'
import type { OutboxEnqueue } from './outbox-types.js'
import type { RecordStore } from './record-store.js'

interface OutboxClock {
  now: () => number
  advance(ms: number): void
}
type Test = (title: string, run: (s: RecordStore, clock: OutboxClock) => Promise<void>) => void
type SharedTest = (
  title: string,
  run: (a: RecordStore, b: RecordStore, clock: OutboxClock) => Promise<void>,
) => void

const KIND = 'backchannel-logout'
const DAY = 24 * 3600_000

const entry = (n: number, clock: OutboxClock, extra: Partial<OutboxEnqueue> = {}) => ({
  kind: KIND,
  dedupeKey: `app|sid-${n}`,
  owner: 'shop',
  payload: { n },
  giveUpAt: clock.now() + DAY,
  ...extra,
})

export function outboxCases(test: Test, testShared: SharedTest) {
  test('enqueues one entry per (kind, dedupe key), pending and due at once', async (s, clock) => {
    expect(await s.outbox.enqueue([entry(1, clock), entry(2, clock)])).toBe(2)
    expect(await s.outbox.enqueue([entry(1, clock, { payload: { n: 'again' } })])).toBe(0)
    const listed = await s.outbox.list({ kind: KIND, owner: 'shop', limit: 10 })
    expect(listed).toHaveLength(2)
    // Both share a millisecond: either order.
    expect(listed.map((e) => e.payload)).toEqual(expect.arrayContaining([{ n: 1 }, { n: 2 }]))
    expect(listed[0]).toMatchObject({
      kind: KIND,
      owner: 'shop',
      state: 'pending',
      attempts: 0,
      createdAt: clock.now(),
      nextAttemptAt: clock.now(),
      giveUpAt: clock.now() + DAY,
    })
    expect(listed[0]).not.toHaveProperty('deliveredAt')
    expect(await s.outbox.pending(KIND)).toEqual({ count: 2, nextAttemptAt: clock.now() })
    expect(await s.outbox.pending('webhook')).toEqual({ count: 0 })
  })

  test('claims each due entry once while its lease runs, and again after it', async (s, clock) => {
    await s.outbox.enqueue([entry(1, clock)])
    const [first, ...none] = await s.outbox.claim(KIND, { limit: 10, leaseMs: 30_000 })
    expect(none).toEqual([])
    expect(first).toMatchObject({
      attempts: 1,
      lastAttemptAt: clock.now(),
      lease: expect.any(String),
    })
    expect(await s.outbox.claim(KIND, { limit: 10, leaseMs: 30_000 })).toEqual([])
    expect(await s.outbox.claim('webhook', { limit: 10, leaseMs: 30_000 })).toEqual([])
    // The process holding it died: once the lease is over, another claims it.
    clock.advance(30_000)
    const [again] = await s.outbox.claim(KIND, { limit: 10, leaseMs: 30_000 })
    expect(again).toMatchObject({ id: first!.id, attempts: 2 })
    expect(again!.lease).not.toBe(first!.lease)
    // The first claimer's late outcome is refused: the lease is no longer its own.
    expect(await s.outbox.settle(first!, { delivered: true, status: 200 })).toBe(false)
    expect(await s.outbox.settle(again!, { delivered: true, status: 200 })).toBe(true)
  })

  test('schedules the retry a failed attempt asks for, and records its outcome', async (s, clock) => {
    await s.outbox.enqueue([entry(1, clock)])
    const [claim] = await s.outbox.claim(KIND, { limit: 1, leaseMs: 30_000 })
    const retryAt = clock.now() + 5000
    expect(
      await s.outbox.settle(claim!, {
        delivered: false,
        retryAt,
        status: 503,
        error: 'status_503',
      }),
    ).toBe(true)
    expect(await s.outbox.get(KIND, claim!.id)).toMatchObject({
      state: 'pending',
      attempts: 1,
      nextAttemptAt: retryAt,
      lastStatus: 503,
      lastError: 'status_503',
    })
    expect(await s.outbox.pending(KIND)).toEqual({ count: 1, nextAttemptAt: retryAt })
    clock.advance(4999)
    expect(await s.outbox.claim(KIND, { limit: 1, leaseMs: 30_000 })).toEqual([])
    clock.advance(1)
    const [retry] = await s.outbox.claim(KIND, { limit: 1, leaseMs: 30_000 })
    expect(retry).toMatchObject({ id: claim!.id, attempts: 2 })
    await s.outbox.settle(retry!, { delivered: false, error: 'timeout' })
    const failed = await s.outbox.get(KIND, claim!.id)
    expect(failed).toMatchObject({ state: 'failed', attempts: 2, lastError: 'timeout' })
    expect(failed).not.toHaveProperty('lastStatus')
    expect(await s.outbox.pending(KIND)).toEqual({ count: 0 })
    expect(await s.outbox.claim(KIND, { limit: 1, leaseMs: 30_000 })).toEqual([])
  })

  test('never claims a delivered entry again, nor retries it now', async (s, clock) => {
    await s.outbox.enqueue([entry(1, clock)])
    const [claim] = await s.outbox.claim(KIND, { limit: 1, leaseMs: 1000 })
    await s.outbox.settle(claim!, { delivered: true, status: 204 })
    expect(await s.outbox.get(KIND, claim!.id)).toMatchObject({
      state: 'delivered',
      deliveredAt: clock.now(),
      lastStatus: 204,
    })
    clock.advance(DAY)
    expect(await s.outbox.claim(KIND, { limit: 1, leaseMs: 1000 })).toEqual([])
    expect(await s.outbox.retryNow(KIND, claim!.id, clock.now() + DAY)).toBe(false)
    expect(await s.outbox.settle(claim!, { delivered: false, error: 'late' })).toBe(false)
    expect(await s.outbox.get(KIND, claim!.id)).toMatchObject({ state: 'delivered' })
  })

  test('retries a failed or waiting entry now, with a fresh window', async (s, clock) => {
    await s.outbox.enqueue([entry(1, clock), entry(2, clock)])
    const claims = await s.outbox.claim(KIND, { limit: 2, leaseMs: 1000 })
    const [failed, waiting] = claims
    await s.outbox.settle(failed!, { delivered: false, error: 'status_400', status: 400 })
    await s.outbox.settle(waiting!, { delivered: false, retryAt: clock.now() + 3600_000 })
    clock.advance(2 * DAY)
    const giveUpAt = clock.now() + DAY
    expect(await s.outbox.retryNow(KIND, failed!.id, giveUpAt)).toBe(true)
    expect(await s.outbox.retryNow(KIND, waiting!.id, giveUpAt)).toBe(true)
    expect(await s.outbox.retryNow('webhook', waiting!.id, giveUpAt)).toBe(false)
    expect(await s.outbox.retryNow(KIND, 'no-such-id', giveUpAt)).toBe(false)
    expect(await s.outbox.get(KIND, failed!.id)).toMatchObject({
      state: 'pending',
      nextAttemptAt: clock.now(),
      giveUpAt,
    })
    const again = await s.outbox.claim(KIND, { limit: 5, leaseMs: 1000 })
    expect(again.map((c) => c.id).sort()).toEqual([failed!.id, waiting!.id].sort())
  })

  test('lists an owner’s entries newest first, by state, a page at a time', async (s, clock) => {
    for (let n = 0; n < 5; n++) {
      await s.outbox.enqueue([entry(n, clock)])
      clock.advance(1)
    }
    await s.outbox.enqueue([entry(9, clock, { owner: 'forum' })])
    const page1 = await s.outbox.list({ kind: KIND, owner: 'shop', limit: 2 })
    expect(page1.map((e) => e.payload)).toEqual([{ n: 4 }, { n: 3 }])
    const page2 = await s.outbox.list({ kind: KIND, owner: 'shop', limit: 2, before: page1[1]!.id })
    expect(page2.map((e) => e.payload)).toEqual([{ n: 2 }, { n: 1 }])
    const [claim] = await s.outbox.claim(KIND, { limit: 1, leaseMs: 1000 })
    await s.outbox.settle(claim!, { delivered: true, status: 200 })
    const delivered = await s.outbox.list({
      kind: KIND,
      owner: 'shop',
      state: 'delivered',
      limit: 9,
    })
    expect(delivered.map((e) => e.id)).toEqual([claim!.id])
    expect(await s.outbox.list({ kind: KIND, owner: 'forum', limit: 9 })).toHaveLength(1)
    // No owner: everyone's, still newest first.
    const everyone = await s.outbox.list({ kind: KIND, limit: 2 })
    expect(everyone.map((e) => e.payload)).toEqual([{ n: 9 }, { n: 4 }])
    expect(await s.outbox.list({ kind: 'webhook', owner: 'shop', limit: 9 })).toEqual([])
  })

  test('purges settled entries after their retention, never pending ones', async (s, clock) => {
    await s.outbox.enqueue([entry(1, clock), entry(2, clock)])
    const [claim] = await s.outbox.claim(KIND, { limit: 1, leaseMs: 1000 })
    await s.outbox.settle(claim!, { delivered: true })
    clock.advance(31 * DAY)
    await s.purgeExpired()
    const left = await s.outbox.list({ kind: KIND, owner: 'shop', limit: 9 })
    expect(left.map((e) => e.state)).toEqual(['pending'])
  })

  testShared('two storages claiming at once never get the same entry', async (a, b, clock) => {
    await a.migrate()
    await a.outbox.enqueue(Array.from({ length: 40 }, (_, n) => entry(n, clock)))
    const claims = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        (i % 2 ? a : b).outbox.claim(KIND, { limit: 4, leaseMs: 60_000 }),
      ),
    )
    const ids = claims.flat().map((c) => c.id)
    expect(new Set(ids).size).toBe(ids.length)
    expect(ids).toHaveLength(40)
  })
}
