import { describe, expect, it } from 'vitest'
import { defaultBackoff, nextAttemptAt } from './backchannel-backoff.js'

const NOW = 1_800_000_000_000
const DAY = 24 * 3600_000

describe('back-channel backoff', () => {
  it('doubles the wait after each failure, jittered within its upper half', () => {
    const low = (n: number) => nextAttemptAt(defaultBackoff, n, NOW + DAY, NOW, () => 0)! - NOW
    const high = (n: number) => nextAttemptAt(defaultBackoff, n, NOW + DAY, NOW, () => 1)! - NOW
    expect([1, 2, 3, 4].map(high)).toEqual([5000, 10_000, 20_000, 40_000])
    expect([1, 2, 3, 4].map(low)).toEqual([2500, 5000, 10_000, 20_000])
    const jittered = new Set(
      Array.from({ length: 20 }, () => nextAttemptAt(defaultBackoff, 3, NOW + DAY, NOW)),
    )
    expect(jittered.size).toBeGreaterThan(1)
  })

  it('never waits more than an hour, and gives up when the window closes', () => {
    expect(nextAttemptAt(defaultBackoff, 40, NOW + DAY, NOW, () => 1)).toBe(NOW + 3600_000)
    expect(nextAttemptAt(defaultBackoff, 1, NOW + 4000, NOW, () => 1)).toBeUndefined()
    expect(nextAttemptAt(defaultBackoff, 1, NOW + 5000, NOW, () => 1)).toBe(NOW + 5000)
  })

  it('follows fixed waits when given, as many retries as waits', () => {
    const fixed = { ...defaultBackoff, delaysMs: [10, 20] }
    expect(nextAttemptAt(fixed, 1, NOW + DAY, NOW)).toBe(NOW + 10)
    expect(nextAttemptAt(fixed, 2, NOW + DAY, NOW)).toBe(NOW + 20)
    expect(nextAttemptAt(fixed, 3, NOW + DAY, NOW)).toBeUndefined()
  })
})
