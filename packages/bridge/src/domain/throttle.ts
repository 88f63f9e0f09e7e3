/**
 * Slows password guessing: failures are counted per account and per client address in storage
 * (so every bridge process sees them); past the limit, sign-in is refused until the window ends.
 */
import { BridgeError } from '../errors.js'
import type { Storage } from '../storage/types.js'

export interface ThrottleOptions {
  perAccount: number
  perAddress: number
  windowSeconds: number
}

export const defaultThrottle: ThrottleOptions = {
  perAccount: 5,
  perAddress: 50,
  windowSeconds: 15 * 60,
}

const ACCOUNT = 'throttle-account'
const ADDRESS = 'throttle-address'

export function createLoginThrottle(storage: Storage, options: ThrottleOptions = defaultThrottle) {
  const accountKey = (email: string) => email.trim().toLowerCase()
  return {
    async check(email: string, address: string): Promise<void> {
      const [account, client] = await Promise.all([
        storage.get<number>(ACCOUNT, accountKey(email)),
        storage.get<number>(ADDRESS, address),
      ])
      if ((account ?? 0) >= options.perAccount || (client ?? 0) >= options.perAddress) {
        throw new BridgeError('too_many_attempts', { message: 'sign-in throttled' })
      }
    },
    async recordFailure(email: string, address: string): Promise<void> {
      await Promise.all([
        storage.increment(ACCOUNT, accountKey(email), options.windowSeconds),
        storage.increment(ADDRESS, address, options.windowSeconds),
      ])
    },
    async reset(email: string): Promise<void> {
      await storage.delete(ACCOUNT, accountKey(email))
    },
  }
}

export type LoginThrottle = ReturnType<typeof createLoginThrottle>
