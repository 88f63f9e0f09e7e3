/**
 * Slows password guessing without letting one address's failures keep anyone else out. Counts
 * live in storage, so every bridge process sees them, and each attempt is reserved there (an
 * atomic increment that returns the new count) before its password is checked: a hundred
 * parallel guesses get no more checks than a hundred sequential ones.
 *
 * The rule (README, "Sign-in throttling"), after Auth0's brute-force protection and Keycloak's
 * brute-force detection:
 * - per account and address: `perAccountAddress` attempts in `windowSeconds`; then that address
 *   is refused for that account until the window ends;
 * - per account, from every address: `perAccount` attempts in `accountWindowSeconds`; the last
 *   of them starts a wait of `waitSeconds`, and after each wait one more attempt runs and starts
 *   the next, twice as long, up to `maxWaitSeconds`. An address that signed
 *   in to the account within `knownSeconds` does not wait, so failures from elsewhere cannot keep
 *   the owner out;
 * - per address, across accounts: past `perAddress` failures in `windowSeconds`, attempts from
 *   it on accounts it has not signed in to are slowed (`delayMs`, doubling every `perAddress / 5`
 *   failures up to `maxDelayMs`) and never refused for it: behind a shared address the others'
 *   right passwords, the admin console's included, still work.
 * A right password clears the account's counts and the pair's, and makes the address known.
 * IPv6 addresses count by their /64, the block one subscriber gets.
 */
import ipaddr from 'ipaddr.js'
import { isIP } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import { BridgeError } from '../errors.js'
import type { CounterNamespace, Storage } from '../storage/types.js'
import { sha256 } from './secret-hash.js'

export interface ThrottleOptions {
  perAccountAddress: number
  windowSeconds: number
  perAccount: number
  accountWindowSeconds: number
  waitSeconds: number
  maxWaitSeconds: number
  knownSeconds: number
  perAddress: number
  delayMs: number
  maxDelayMs: number
}

export const defaultThrottle: ThrottleOptions = {
  perAccountAddress: 5,
  windowSeconds: 15 * 60,
  perAccount: 20,
  accountWindowSeconds: 12 * 3600,
  waitSeconds: 60,
  maxWaitSeconds: 15 * 60,
  knownSeconds: 30 * 24 * 3600,
  perAddress: 50,
  delayMs: 250,
  maxDelayMs: 4000,
}

export const PAIR = 'throttle-pair'
export const ACCOUNT = 'throttle-account'
export const ACCOUNT_WAIT = 'throttle-account-wait'
export const ADDRESS = 'throttle-address'
export const KNOWN_ADDRESS = 'throttle-known'

// Counters, except the account's current wait (holding the count it began at) and the addresses
// an account signed in from.
declare module '../storage/types.js' {
  interface StorageRecords {
    [PAIR]: number
    [ACCOUNT]: number
    [ADDRESS]: number
    [ACCOUNT_WAIT]: number
    [KNOWN_ADDRESS]: true
  }
}

/** What the caller reports once the password was checked. */
export interface LoginAttempt {
  /** The password was wrong (or the account unusable: the same answer). */
  failed(): Promise<void>
  /** The password was right. */
  succeeded(): Promise<void>
}

const throttled = (message: string) => new BridgeError('too_many_attempts', { message })

/** The address a throttle counts: IPv4 as is, IPv6 by its /64. */
export function addressBucket(address: string): string {
  if (isIP(address) !== 6) return address
  const parsed = ipaddr.IPv6.parse(address)
  if (parsed.isIPv4MappedAddress()) return parsed.toIPv4Address().toString()
  return `${ipaddr.IPv6.networkAddressFromCIDR(`${parsed.toString()}/64`).toString()}/64`
}

export function createLoginThrottle(
  storage: Storage,
  options: ThrottleOptions = defaultThrottle,
  wait: (ms: number) => Promise<unknown> = sleep,
) {
  // Hashed: any text a visitor typed is a valid storage key, and no email sits in the counters.
  const accountKey = (account: string) => sha256(account.trim().toLowerCase())
  const waitFor = (count: number) =>
    Math.min(options.maxWaitSeconds, options.waitSeconds * 2 ** (count - options.perAccount))
  const delayFor = (failures: number) => {
    if (failures <= options.perAddress) return 0
    const step = Math.max(1, Math.floor(options.perAddress / 5))
    const doublings = Math.floor((failures - options.perAddress - 1) / step)
    return Math.min(options.maxDelayMs, options.delayMs * 2 ** Math.min(doublings, 30))
  }

  return {
    /** Reserves one attempt before the password is checked; throws `too_many_attempts`. */
    async reserve(account: string, address: string): Promise<LoginAttempt> {
      const key = accountKey(account)
      const bucket = addressBucket(address)
      const pair = `${key}|${bucket}`
      const known = (await storage.get(KNOWN_ADDRESS, pair)) !== undefined
      // Refused while the account waits without counting, so waiting never makes the wait longer.
      if (!known && (await storage.get(ACCOUNT_WAIT, key)) !== undefined)
        throw throttled('account waits after repeated failures')
      if ((await storage.increment(PAIR, pair, options.windowSeconds)) > options.perAccountAddress)
        throw throttled('too many attempts on this account from this address')
      const count = await storage.increment(ACCOUNT, key, options.accountWindowSeconds)
      // From the last free attempt on, each must claim the next wait (an atomic add): one per
      // wait, however many arrive together.
      if (
        !known &&
        count >= options.perAccount &&
        !(await storage.add(ACCOUNT_WAIT, key, count, waitFor(count)))
      )
        throw throttled('account waits after repeated failures')
      if (!known) {
        const delay = delayFor((await storage.get(ADDRESS, bucket)) ?? 0)
        if (delay > 0) await wait(delay)
      }
      return {
        async failed() {
          await storage.increment(ADDRESS, bucket, options.windowSeconds)
        },
        async succeeded() {
          await Promise.all([
            storage.delete(PAIR, pair),
            storage.delete(ACCOUNT, key),
            storage.delete(ACCOUNT_WAIT, key),
            storage.set(KNOWN_ADDRESS, pair, true, options.knownSeconds),
          ])
        },
      }
    },
  }
}

export type LoginThrottle = ReturnType<typeof createLoginThrottle>

/**
 * One counter for a step that only follows a right password (second factors): `limit` attempts
 * per key in `windowSeconds`, each reserved before the code is checked; `clear` after a right
 * code gives them back.
 */
export function attemptLimit(
  storage: Storage,
  ns: CounterNamespace,
  limit: number,
  windowSeconds: number,
) {
  return {
    /** false when the key has used its attempts: refuse without checking the code. */
    async reserve(key: string): Promise<boolean> {
      return (await storage.increment(ns, key, windowSeconds)) <= limit
    },
    async clear(key: string): Promise<void> {
      await storage.delete(ns, key)
    },
  }
}
