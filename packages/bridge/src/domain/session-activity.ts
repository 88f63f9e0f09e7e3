/**
 * "Last seen" of the session list: a reused session notes the time, at most once per interval
 * per process, so that reusing a session stays one read. The interval is remembered in memory
 * (bounded), not read from storage: several processes may each write once per interval, which
 * costs a write and never a round trip on the way in.
 */
import type { Storage } from '../storage/types.js'
import { recordSessionSeen, type Session } from './sessions.js'

export const SEEN_INTERVAL_MS = 5 * 60_000
const MAX_REMEMBERED = 10_000

export interface SessionActivity {
  /** The session (by the hash storage keys it with) was used now. */
  seen(hash: string, session: Pick<Session, 'createdAt' | 'expiresAt'>): Promise<void>
}

export function createSessionActivity(
  storage: Storage,
  options: { intervalMs?: number; maxRemembered?: number; now?: () => number } = {},
): SessionActivity {
  const interval = options.intervalMs ?? SEEN_INTERVAL_MS
  const max = options.maxRemembered ?? MAX_REMEMBERED
  const now = options.now ?? Date.now
  const written = new Map<string, number>()
  return {
    async seen(hash, session) {
      const at = now()
      // A session this process has not seen counts from its creation: a sign-in and a reuse
      // within the interval write nothing.
      if (at - (written.get(hash) ?? session.createdAt) < interval) return
      written.delete(hash)
      if (written.size >= max) {
        const oldest = written.keys().next()
        if (!oldest.done) written.delete(oldest.value)
      }
      written.set(hash, at)
      await recordSessionSeen(storage, hash, session, at)
    },
  }
}
