// Site sessions: the cookie holds a random id, the database only its SHA-256.
import { createHash, randomBytes } from 'node:crypto'
import type { SiteDatabase } from './database.js'
import type { SiteUser } from './users.js'

export function createSession(
  db: SiteDatabase,
  userId: number,
  now: number,
  ttlSeconds: number,
): string {
  const id = randomBytes(32).toString('base64url')
  db.prepare(
    'INSERT INTO sessions (id_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)',
  ).run(hashSessionId(id), userId, now, now + ttlSeconds)
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

export function deleteSession(db: SiteDatabase, id: string | undefined, now: number): void {
  db.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(now)
  if (id) db.prepare('DELETE FROM sessions WHERE id_hash = ?').run(hashSessionId(id))
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
