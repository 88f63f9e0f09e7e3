/**
 * Console sessions: a random id in the admin cookie (storage keeps its SHA-256), and a CSRF
 * token that every form of the console must carry back.
 */
import { randomToken } from '../domain/random-token.js'
import { sha256 } from '../domain/secret-hash.js'
import type { Storage } from '../storage/types.js'

export interface AdminSession {
  adminId: string
  csrf: string
  createdAt: number
  expiresAt: number
}

const SESSIONS = 'admin-session'
export const ADMIN_SESSION_SECONDS = 8 * 3600

// Keyed by the SHA-256 of the cookie value.
declare module '../storage/types.js' {
  interface StorageRecords {
    [SESSIONS]: AdminSession
  }
}

export async function createAdminSession(
  storage: Storage,
  adminId: string,
  now = Date.now(),
): Promise<{ id: string; session: AdminSession }> {
  const id = randomToken()
  const session: AdminSession = {
    adminId,
    csrf: randomToken(),
    createdAt: now,
    expiresAt: now + ADMIN_SESSION_SECONDS * 1000,
  }
  await storage.set(SESSIONS, sha256(id), session, ADMIN_SESSION_SECONDS)
  return { id, session }
}

export async function getAdminSession(
  storage: Storage,
  id: string | undefined,
): Promise<AdminSession | undefined> {
  if (!id || id.length > 128) return undefined
  return storage.get(SESSIONS, sha256(id))
}

export async function deleteAdminSession(storage: Storage, id: string | undefined): Promise<void> {
  if (id && id.length <= 128) await storage.delete(SESSIONS, sha256(id))
}
