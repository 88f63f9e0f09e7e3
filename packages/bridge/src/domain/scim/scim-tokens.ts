/**
 * SCIM bearer tokens: `scim_<id>_<secret>`, one connection each, shown once at creation. Storage
 * keeps the SHA-256 of the secret (32 random bytes need no slow hash, as with admin API keys). A
 * connection may hold several, so a directory's token can be rotated without a gap; a revoked
 * token stays listed so the audit log can still name it.
 */
import { randomBytes } from 'node:crypto'
import type { Actor } from '../audit-log.js'
import { randomToken } from '../random-token.js'
import { safeEqual, sha256 } from '../secret-hash.js'
import type { Storage } from '../../storage/types.js'

export interface ScimTokenRecord {
  id: string
  connection: string
  name: string
  secretHash: string
  createdAt: number
  createdBy: Actor
  lastUsedAt?: number
  revokedAt?: number
}

export type PublicScimToken = Omit<ScimTokenRecord, 'secretHash'>

export const SCIM_TOKENS = 'scim-token'

declare module '../../storage/types.js' {
  interface StorageRecords {
    [SCIM_TOKENS]: ScimTokenRecord
  }
}

const FORMAT = /^scim_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/
// lastUsedAt is for the console; writing it on every request would double a sync's writes.
const TOUCH_EVERY_MS = 60_000
/** Enough for rotation with room to spare; more would only be forgotten tokens. */
export const MAX_TOKENS_PER_CONNECTION = 10

export const publicScimToken = ({ secretHash: _, ...rest }: ScimTokenRecord): PublicScimToken =>
  rest

/** A new token; the secret exists only in the returned string. */
export function newScimToken(
  connection: string,
  name: string,
  createdBy: Actor,
  now: number,
): { token: string; record: ScimTokenRecord } {
  const id = randomBytes(8).toString('hex')
  const secret = randomToken(32)
  const record: ScimTokenRecord = {
    id,
    connection,
    name,
    secretHash: sha256(secret),
    createdAt: now,
    createdBy,
  }
  return { token: `scim_${id}_${secret}`, record }
}

export async function scimTokensOf(
  storage: Storage,
  connection: string,
): Promise<ScimTokenRecord[]> {
  return (await storage.list(SCIM_TOKENS, { limit: 100_000 }))
    .map((r) => r.value)
    .filter((t) => t.connection === connection)
    .sort((a, b) => b.createdAt - a.createdAt)
}

/**
 * The live token a bearer value stands for, or undefined: unknown, malformed, revoked and wrong
 * secrets are one answer, so a caller learns nothing about which tokens exist.
 */
export async function authenticateScimToken(
  storage: Storage,
  bearer: string | undefined,
  now = Date.now(),
): Promise<ScimTokenRecord | undefined> {
  const match = bearer ? FORMAT.exec(bearer) : null
  if (!match) return undefined
  const [, id, secret] = match as unknown as [string, string, string]
  const record = await storage.get(SCIM_TOKENS, id)
  if (!record || !safeEqual(sha256(secret), record.secretHash)) return undefined
  if (record.revokedAt !== undefined) return undefined
  if (!record.lastUsedAt || now - record.lastUsedAt > TOUCH_EVERY_MS)
    await storage.set(SCIM_TOKENS, id, { ...record, lastUsedAt: now })
  return record
}

export const scimActor = (token: Pick<ScimTokenRecord, 'id' | 'name'>): Actor => ({
  type: 'scim',
  id: token.id,
  label: token.name,
})

/**
 * Deletes the tokens of a connection that is being deleted: a connection created later with the
 * same id must not be provisioned into by its predecessor's directory.
 */
export async function forgetScimTokens(storage: Storage, connection: string): Promise<number> {
  let removed = 0
  for (const token of await scimTokensOf(storage, connection))
    if (await storage.delete(SCIM_TOKENS, token.id)) removed++
  return removed
}
