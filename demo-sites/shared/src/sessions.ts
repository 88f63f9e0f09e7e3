// Site sessions: the cookie holds a random id, the database only its SHA-256.
import { createHash, randomBytes } from 'node:crypto'
import type { SiteDatabase } from './database.js'
import type { SiteUser } from './users.js'

export function createSession(
  db: SiteDatabase,
  userId: number,
  now: number,
  ttlSeconds: number,
  /** The bridge session's `sid` from the token: the site's sign-out passes it to the bridge. */
  sid?: string,
): string {
  const id = randomBytes(32).toString('base64url')
  db.prepare(
    'INSERT INTO sessions (id_hash, user_id, sid, created_at, expires_at) VALUES (?, ?, ?, ?, ?)',
  ).run(hashSessionId(id), userId, sid ?? null, now, now + ttlSeconds)
  return id
}

export function findSessionUser(
  db: SiteDatabase,
  id: string | undefined,
  now: number,
): SiteUser | undefined {
  if (!id) return undefined
  return db
    .prepare<[string, number], SiteUser>(
      `SELECT users.id, users.sub, users.email, users.name FROM sessions
       JOIN users ON users.id = sessions.user_id
       WHERE sessions.id_hash = ? AND sessions.expires_at > ?`,
    )
    .get(hashSessionId(id), now)
}

/** Ends the session (and expired ones); returns the bridge `sid` it was signed in with. */
export function deleteSession(
  db: SiteDatabase,
  id: string | undefined,
  now: number,
): string | undefined {
  db.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(now)
  if (!id) return undefined
  const row = db
    .prepare<[string], { sid: string | null }>(
      'DELETE FROM sessions WHERE id_hash = ? RETURNING sid',
    )
    .get(hashSessionId(id))
  return row?.sid ?? undefined
}

function hashSessionId(id: string): string {
  return createHash('sha256').update(id).digest('hex')
}

/** Back-channel logout: every session of the user the bridge knows as `sub` ends. */
export function deleteUserSessions(db: SiteDatabase, sub: string): number {
  return db
    .prepare('DELETE FROM sessions WHERE user_id IN (SELECT id FROM users WHERE sub = ?)')
    .run(sub).changes
}

/** Ends the sessions started from sign-ins of one bridge session (the logout token's `sid`). */
export function deleteBridgeSessions(db: SiteDatabase, sub: string, sid: string): number {
  return db
    .prepare(
      'DELETE FROM sessions WHERE sid = ? AND user_id IN (SELECT id FROM users WHERE sub = ?)',
    )
    .run(sid, sub).changes
}
