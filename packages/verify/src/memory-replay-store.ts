import type { ReplayStore } from './replay-store.js'
import { VerifyError } from './verify-error.js'

export interface MemoryReplayStoreOptions {
  /** Upper bound on remembered ids; default 100 000. */
  maxEntries?: number
  /** Clock in milliseconds, like `Date.now` (the default). */
  now?: () => number
}

/**
 * A `ReplayStore` in process memory: enough for one Node process. Entries go away once expired;
 * when full, the oldest entry makes room (only verified tokens get in, so the store
 * fills with real sign-ins only).
 */
export class MemoryReplayStore implements ReplayStore {
  readonly #entries = new Map<string, number>()
  readonly #maxEntries: number
  readonly #now: () => number

  constructor(options: MemoryReplayStoreOptions = {}) {
    const { maxEntries = 100_000, now = Date.now } = options
    if (!Number.isInteger(maxEntries) || maxEntries < 1) {
      throw new VerifyError('invalid_options', 'maxEntries must be a positive integer.')
    }
    this.#maxEntries = maxEntries
    this.#now = now
  }

  async markUsed(jti: string, expiresAtEpochSeconds: number): Promise<boolean> {
    const now = this.#now()
    const expiresAt = expiresAtEpochSeconds * 1000
    const known = this.#entries.get(jti)
    if (known !== undefined && known > now) return false
    this.#entries.delete(jti)
    if (expiresAt <= now) return true
    this.#sweep(now)
    this.#entries.set(jti, expiresAt)
    return true
  }

  /** Drops expired ids; when still full, evicts the oldest ones. */
  #sweep(now: number): void {
    // Ids arrive roughly in expiry order (tokens share one lifetime), so the front of the map
    // holds the expired ones and the ones closest to expiry.
    for (const [jti, expiresAt] of this.#entries) {
      if (expiresAt > now) break
      this.#entries.delete(jti)
    }
    for (const jti of this.#entries.keys()) {
      if (this.#entries.size < this.#maxEntries) break
      this.#entries.delete(jti)
    }
  }
}
