/** The bridge's own sign-in session, shared by every app: this is what makes it single sign-on. */
import type { Storage } from '../storage/types.js'
import { USERS, type User } from './users.js'
import { randomToken } from './random-token.js'
import { sha256 } from './secret-hash.js'
import type { SessionDevice } from './session-device.js'

export interface Session {
  userId: string
  connection: string
  /** Epoch seconds of the moment the user authenticated (the token's `auth_time`). */
  authTime: number
  amr: string[]
  /**
   * Public id of the session (OIDC `sid`): carried in tokens and logout tokens so a site can end
   * the matching session. Unlike the cookie value it grants nothing. Absent on older sessions.
   */
  sid?: string
  /** What the session list shows of the browser it was made in; absent on older sessions. */
  device?: SessionDevice
  createdAt: number
  expiresAt: number
}

const SESSIONS = 'session'
const USER_SESSIONS = 'user-session'
const SESSIONS_SEEN = 'session-seen'

// Keyed by the SHA-256 of the cookie value; and `user id|that hash`, holding the hash, so that
// a password reset finds every session of the user (sessionsOfUser). When a session was last
// used is a record of its own, under the same hash: writing it can never bring back a session
// that ended in the meantime, as rewriting the session record could.
declare module '../storage/types.js' {
  interface StorageRecords {
    [SESSIONS]: Session
    [USER_SESSIONS]: string
    [SESSIONS_SEEN]: number
  }
}

/** Returns the raw id for the cookie; storage only ever sees its hash. */
export async function createSession(
  storage: Storage,
  input: Omit<Session, 'createdAt' | 'expiresAt' | 'sid'>,
  ttlSeconds: number,
  now = Date.now(),
): Promise<{ id: string; session: Session }> {
  const id = randomToken()
  const session: Session = {
    ...input,
    sid: randomToken(16),
    createdAt: now,
    expiresAt: now + ttlSeconds * 1000,
  }
  await storage.set(SESSIONS, sha256(id), session, ttlSeconds)
  await storage.set(USER_SESSIONS, `${input.userId}|${sha256(id)}`, sha256(id), ttlSeconds)
  return { id, session }
}

/**
 * The live sessions of a user, by the hash storage keys them with (sessions made before the
 * index existed are not found: they end with their TTL or at sign-out).
 */
export async function sessionsOfUser(
  storage: Storage,
  userId: string,
): Promise<{ hash: string; session: Session }[]> {
  const found: { hash: string; session: Session }[] = []
  for (const record of await storage.list(USER_SESSIONS, { prefix: `${userId}|`, limit: 1000 })) {
    const session = await storage.get(SESSIONS, record.value)
    if (session?.userId === userId) found.push({ hash: record.value, session })
    else await storage.delete(USER_SESSIONS, record.key)
  }
  return found
}

/** Ends one session found by sessionsOfUser. */
export async function deleteSessionByHash(
  storage: Storage,
  userId: string,
  hash: string,
): Promise<void> {
  await storage.delete(SESSIONS, hash)
  await storage.delete(USER_SESSIONS, `${userId}|${hash}`)
  await storage.delete(SESSIONS_SEEN, hash)
}

/** Notes that the session was used at `at`; kept as long as the session would live. */
export async function recordSessionSeen(
  storage: Storage,
  hash: string,
  session: Pick<Session, 'expiresAt'>,
  at: number,
): Promise<void> {
  const ttl = Math.ceil((session.expiresAt - at) / 1000)
  if (ttl > 0) await storage.set(SESSIONS_SEEN, hash, at, ttl)
}

/** When the session was last used: its creation until a reuse was noted. */
export async function lastSeenOf(
  storage: Storage,
  hash: string,
  session: Pick<Session, 'createdAt'>,
): Promise<number> {
  return (await storage.get(SESSIONS_SEEN, hash)) ?? session.createdAt
}

export async function getSession(
  storage: Storage,
  id: string | undefined,
): Promise<Session | undefined> {
  if (!id || id.length > 128) return undefined
  return storage.get(SESSIONS, sha256(id))
}

/** The session and, in the same round trip, its user: what every session reuse reads. */
export async function getSessionAndUser(
  storage: Storage,
  id: string | undefined,
): Promise<{ session: Session; user: User | undefined } | undefined> {
  if (!id || id.length > 128) return undefined
  const found = await storage.getWith(SESSIONS, sha256(id), { field: 'userId', ns: USERS })
  return found && { session: found[0], user: found[1] }
}

export async function deleteSession(storage: Storage, id: string | undefined): Promise<void> {
  if (!id || id.length > 128) return
  await storage.delete(SESSIONS, sha256(id))
  await storage.delete(SESSIONS_SEEN, sha256(id))
}
