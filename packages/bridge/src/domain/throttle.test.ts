/**
 * The throttle's rule on both databases, with a hundred parallel attempts where a
 * check-then-count throttle would let them all through.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { isBridgeError } from '../errors.js'
import { findPostgresTestDatabase } from '../testing/postgres-test-database.js'
import { createPostgresStorage } from '../storage/postgres.js'
import { createSqliteStorage } from '../storage/sqlite.js'
import type { Storage } from '../storage/types.js'
import {
  addressBucket,
  attemptLimit,
  createLoginThrottle,
  defaultThrottle,
  type LoginAttempt,
} from './throttle.js'

const postgres = await findPostgresTestDatabase()

interface Clock {
  now: () => number
  advance: (seconds: number) => void
}

const databases: [string, boolean, (clock: Clock) => Promise<[Storage, () => Promise<void>]>][] = [
  [
    'SQLite',
    true,
    async (clock) => {
      const dir = mkdtempSync(join(tmpdir(), 'ssobridge-throttle-'))
      const storage = await createSqliteStorage({
        filename: join(dir, 'db.sqlite'),
        now: clock.now,
      })
      await storage.migrate()
      return [storage, async () => rmSync(dir, { recursive: true, force: true })]
    },
  ],
  [
    'Postgres',
    postgres.available,
    async (clock) => {
      const schema = await postgres.createSchema()
      const storage = await createPostgresStorage({
        connectionString: postgres.url,
        schema: schema.name,
        now: clock.now,
      })
      await storage.migrate()
      return [storage, schema.drop]
    },
  ],
]

const parallel = <T>(n: number, run: (i: number) => Promise<T>) =>
  Promise.allSettled(Array.from({ length: n }, (_, i) => run(i)))

/** The attempts that may go ahead; every other one must have been refused as throttled. */
function allowed(results: PromiseSettledResult<LoginAttempt>[]): LoginAttempt[] {
  for (const result of results) {
    if (result.status === 'rejected') {
      expect(isBridgeError(result.reason) && result.reason.code).toBe('too_many_attempts')
    }
  }
  return results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []))
}

const refusal = async (attempt: Promise<unknown>) => {
  const error = await attempt.then(
    () => undefined,
    (caught: unknown) => caught,
  )
  return isBridgeError(error) ? error.code : error
}

for (const [name, available, open] of databases) {
  describe.runIf(available)(`sign-in throttle on ${name}`, () => {
    let storage: Storage
    let cleanup: () => Promise<void>
    let at = 1_800_000_000_000
    const clock: Clock = { now: () => at, advance: (seconds) => void (at += seconds * 1000) }
    const delays: number[] = []
    const throttle = () =>
      createLoginThrottle(storage, defaultThrottle, async (ms) => delays.push(ms))

    const setUp = async () => {
      delays.length = 0
      ;[storage, cleanup] = await open(clock)
      return storage
    }
    afterEach(async () => {
      await storage.close()
      await cleanup()
    })

    it('lets 5 of 100 parallel guesses on one account from one address be checked', async () => {
      await setUp()
      const t = throttle()
      const results = await parallel(100, () => t.reserve('alice@example.com', '203.0.113.9'))
      const going = allowed(results)
      expect(going).toHaveLength(5)
      await Promise.all(going.map((a) => a.failed()))
      // That address stays refused for the account; another address is not.
      expect(await refusal(t.reserve('Alice@Example.com ', '203.0.113.9'))).toBe(
        'too_many_attempts',
      )
      await expect(t.reserve('alice@example.com', '198.51.100.1')).resolves.toBeDefined()
      clock.advance(15 * 60)
      await expect(t.reserve('alice@example.com', '203.0.113.9')).resolves.toBeDefined()
    })

    it('lets 20 of 100 parallel guesses from 100 addresses be checked, then one per wait', async () => {
      await setUp()
      const t = throttle()
      const results = await parallel(100, (i) => t.reserve('alice@example.com', `198.51.100.${i}`))
      const going = allowed(results)
      expect(going).toHaveLength(20)
      await Promise.all(going.map((a) => a.failed()))
      expect(await refusal(t.reserve('alice@example.com', '203.0.113.1'))).toBe('too_many_attempts')
      clock.advance(15 * 60)
      // One attempt after each wait, however many arrive at once.
      const next = allowed(
        await parallel(10, (i) => t.reserve('alice@example.com', `192.0.2.${i}`)),
      )
      expect(next).toHaveLength(1)
    })

    it('makes the account wait 1 minute after 20 failures, twice as long after each next one', async () => {
      await setUp()
      const t = throttle()
      const guess = (i: number) => t.reserve('bob@example.com', `198.51.100.${i}`)
      for (let i = 0; i < 20; i++) await (await guess(i)).failed()
      for (const wait of [60, 120, 240, 480, 900, 900]) {
        clock.advance(wait - 1)
        expect(await refusal(guess(wait))).toBe('too_many_attempts')
        clock.advance(1)
        await (await guess(wait + 1)).failed()
      }
    })

    it('never makes an address that signed in before wait for failures from elsewhere', async () => {
      await setUp()
      const t = throttle()
      await (await t.reserve('alice@example.com', '203.0.113.9')).succeeded()
      const results = await parallel(100, (i) => t.reserve('alice@example.com', `198.51.100.${i}`))
      await Promise.all(allowed(results).map((a) => a.failed()))
      expect(await refusal(t.reserve('alice@example.com', '192.0.2.1'))).toBe('too_many_attempts')
      // The owner's address: its own five tries, no wait; a right password clears the wait.
      await (await t.reserve('alice@example.com', '203.0.113.9')).succeeded()
      await expect(t.reserve('alice@example.com', '192.0.2.1')).resolves.toBeDefined()
    })

    it('slows, never refuses, an address past its failures, and not on accounts it knows', async () => {
      await setUp()
      const t = throttle()
      await (await t.reserve('admin:root@example.com', '203.0.113.9')).succeeded()
      const spray = await parallel(70, (i) => t.reserve(`user${i}@example.com`, '203.0.113.9'))
      expect(allowed(spray)).toHaveLength(70)
      await Promise.all(allowed(spray).map((a) => a.failed()))
      // 70 failures of a budget of 50: 250 ms for the 51st to 60th, 500 ms from the 61st.
      delays.length = 0
      await expect(t.reserve('bob@example.com', '203.0.113.9')).resolves.toBeDefined()
      expect(delays).toEqual([500])
      delays.length = 0
      await expect(t.reserve('admin:root@example.com', '203.0.113.9')).resolves.toBeDefined()
      expect(delays).toEqual([])
      await expect(t.reserve('bob@example.com', '198.51.100.1')).resolves.toBeDefined()
      expect(delays).toEqual([])
    })

    it('starts again for the account and the address after a right password', async () => {
      await setUp()
      const t = throttle()
      for (let i = 0; i < 4; i++)
        await (await t.reserve('alice@example.com', '203.0.113.9')).failed()
      await (await t.reserve('alice@example.com', '203.0.113.9')).succeeded()
      const going = allowed(await parallel(20, () => t.reserve('alice@example.com', '203.0.113.9')))
      expect(going).toHaveLength(5)
    })

    it('counts an IPv6 client by its /64', async () => {
      await setUp()
      const t = throttle()
      const results = await parallel(100, (i) =>
        t.reserve('alice@example.com', `2001:db8:0:7::${(i + 1).toString(16)}`),
      )
      expect(allowed(results)).toHaveLength(5)
      await expect(t.reserve('alice@example.com', '2001:db8:0:8::1')).resolves.toBeDefined()
    })

    it('lets 5 of 100 parallel second-factor codes be checked, and a right one gives them back', async () => {
      await setUp()
      const codes = attemptLimit(storage, 'throttle-mfa', 5, 15 * 60)
      const results = await Promise.all(Array.from({ length: 100 }, () => codes.reserve('u1')))
      expect(results.filter(Boolean)).toHaveLength(5)
      await codes.clear('u1')
      expect(await codes.reserve('u1')).toBe(true)
      expect(await codes.reserve('u2')).toBe(true)
    })
  })
}

describe('addressBucket', () => {
  it('keeps IPv4, maps IPv4-mapped IPv6, and takes the /64 of IPv6', () => {
    expect(addressBucket('203.0.113.9')).toBe('203.0.113.9')
    expect(addressBucket('::ffff:203.0.113.9')).toBe('203.0.113.9')
    expect(addressBucket('2001:db8:0:7:1:2:3:4')).toBe('2001:db8:0:7::/64')
    expect(addressBucket('2001:DB8:0:7::')).toBe('2001:db8:0:7::/64')
    expect(addressBucket('unknown')).toBe('unknown')
  })
})
