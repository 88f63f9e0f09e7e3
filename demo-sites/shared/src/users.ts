import type { SiteDatabase } from './database.js'

export interface SiteUser {
  id: number
  sub: string
  email: string | null
  name: string | null
}

export interface UserProfile {
  sub: string
  email?: string | undefined
  name?: string | undefined
}

/** Finds the user by `sub` or creates it, and records this sign-in. */
export function upsertUser(db: SiteDatabase, profile: UserProfile, now: number): SiteUser {
  return db
    .prepare<[string, string | null, string | null, number, number], SiteUser>(
      `INSERT INTO users (sub, email, name, created_at, last_login_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (sub) DO UPDATE SET email = excluded.email, name = excluded.name,
         last_login_at = excluded.last_login_at
       RETURNING id, sub, email, name`,
    )
    .get(profile.sub, profile.email ?? null, profile.name ?? null, now, now) as SiteUser
}

export function countUsers(db: SiteDatabase): number {
  return (db.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n
}
