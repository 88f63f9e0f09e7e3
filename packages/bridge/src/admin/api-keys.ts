/**
 * Admin API keys: `ssb_<id>_<secret>`, shown once at creation; storage keeps the SHA-256 of the
 * secret (32 random bytes need no slow hash). Each key has scopes, and can be revoked; a revoked
 * key stays listed so the audit log can still name it.
 */
import { randomBytes } from 'node:crypto'
import { z } from 'zod'
import { displayName } from '../config/display-name.js'
import { recordAudit, type Actor } from '../domain/audit-log.js'
import { randomToken } from '../domain/random-token.js'
import { safeEqual, sha256 } from '../domain/secret-hash.js'
import { BridgeError } from '../errors.js'
import type { Storage } from '../storage/types.js'
import { conflict, notFound, parseInput } from './input.js'

export const resources = ['apps', 'connections', 'users', 'keys', 'audit'] as const
export type Resource = (typeof resources)[number]
/**
 * `admin` is above every other scope: it holds them all, and alone may change what decides who
 * an upstream identity is (email linking and trust, see config/email-linking; the IdP of a
 * connection with users, see config/upstream-idp).
 */
export const apiScopes = [
  'admin',
  'apps:read',
  'apps:write',
  'connections:read',
  'connections:write',
  'users:read',
  'users:write',
  'keys:read',
  'keys:write',
  'audit:read',
] as const
export type ApiScope = (typeof apiScopes)[number]

export interface ApiKeyRecord {
  id: string
  name: string
  scopes: ApiScope[]
  secretHash: string
  createdAt: number
  createdBy: Actor
  expiresAt?: number
  lastUsedAt?: number
  revokedAt?: number
}

export type PublicApiKey = Omit<ApiKeyRecord, 'secretHash'>

const KEYS = 'admin-api-key'

// Keyed by the key id; the secret is only there as its SHA-256.
declare module '../storage/types.js' {
  interface StorageRecords {
    [KEYS]: ApiKeyRecord
  }
}

const FORMAT = /^ssb_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/
// lastUsedAt is a convenience; writing it on every call would double the API's writes.
const TOUCH_EVERY_MS = 60_000

const newKey = z.strictObject({
  name: z.string().trim().pipe(displayName(100)),
  scopes: z.array(z.enum(apiScopes)).min(1).max(apiScopes.length),
  expiresInDays: z.number().int().min(1).max(3650).optional(),
})

export const publicApiKey = ({ secretHash: _, ...rest }: ApiKeyRecord): PublicApiKey => rest

/** A write scope includes reading the same resource; `admin` includes everything. */
export function hasScope(scopes: readonly ApiScope[], needed: ApiScope): boolean {
  if (scopes.includes(needed) || scopes.includes('admin')) return true
  const [resource, access] = needed.split(':')
  return access === 'read' && scopes.includes(`${resource}:write` as ApiScope)
}

export async function createApiKey(
  storage: Storage,
  actor: Actor,
  raw: unknown,
  now = Date.now(),
): Promise<{ key: string; apiKey: PublicApiKey }> {
  const input = parseInput(newKey, raw)
  const id = randomBytes(8).toString('hex')
  const secret = randomToken(32)
  const record: ApiKeyRecord = {
    id,
    name: input.name,
    scopes: [...new Set(input.scopes)],
    secretHash: sha256(secret),
    createdAt: now,
    createdBy: actor,
    expiresAt: input.expiresInDays ? now + input.expiresInDays * 86_400_000 : undefined,
  }
  if (!(await storage.add(KEYS, id, JSON.parse(JSON.stringify(record)))))
    throw conflict('Try again.')
  await recordAudit(
    storage,
    {
      event: 'api_key.created',
      actor,
      target: { type: 'api_key', id },
      after: publicApiKey(record),
    },
    now,
  )
  return { key: `ssb_${id}_${secret}`, apiKey: publicApiKey(record) }
}

export async function listApiKeys(storage: Storage): Promise<PublicApiKey[]> {
  return (await storage.list(KEYS))
    .map((r) => publicApiKey(r.value))
    .sort((a, b) => b.createdAt - a.createdAt)
}

export async function revokeApiKey(
  storage: Storage,
  actor: Actor,
  id: string,
  now = Date.now(),
): Promise<PublicApiKey> {
  const record = typeof id === 'string' ? await storage.get(KEYS, id) : undefined
  if (!record) throw notFound('API key', String(id).slice(0, 32))
  if (record.revokedAt) return publicApiKey(record)
  const revoked = { ...record, revokedAt: now }
  await storage.set(KEYS, id, revoked)
  await recordAudit(
    storage,
    { event: 'api_key.revoked', actor, target: { type: 'api_key', id } },
    now,
  )
  return publicApiKey(revoked)
}

/** The key a bearer value stands for; `unauthorized` for anything else, always the same answer. */
export async function authenticateApiKey(
  storage: Storage,
  bearer: string | undefined,
  now = Date.now(),
): Promise<ApiKeyRecord> {
  const refuse = (why: string) => new BridgeError('unauthorized', { message: `API key ${why}` })
  const match = bearer ? FORMAT.exec(bearer) : null
  if (!match) throw refuse('missing or malformed')
  const [, id, secret] = match as unknown as [string, string, string]
  const record = await storage.get(KEYS, id)
  if (!record || !safeEqual(sha256(secret), record.secretHash)) throw refuse('unknown')
  if (record.revokedAt !== undefined) throw refuse('revoked')
  if (record.expiresAt !== undefined && record.expiresAt <= now) throw refuse('expired')
  if (!record.lastUsedAt || now - record.lastUsedAt > TOUCH_EVERY_MS)
    await storage.set(KEYS, id, { ...record, lastUsedAt: now })
  return record
}

export const apiKeyActor = (key: Pick<ApiKeyRecord, 'id' | 'name'>): Actor => ({
  type: 'api_key',
  id: key.id,
  label: key.name,
})
