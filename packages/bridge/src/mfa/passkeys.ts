/**
 * A user's passkeys and security keys (WebAuthn credentials). Each is stored under
 * `<user id>:<credential id>` so a user's keys list by prefix, and its credential id is claimed
 * in a global index so that a passwordless sign-in can find the owner from the assertion alone.
 */
import type { User } from '../domain/users.js'
import type { Storage } from '../storage/types.js'

export interface Passkey {
  /** Credential id, base64url. */
  id: string
  userId: string
  /** The user's own label ("YubiKey", "Laptop"). */
  name: string
  /** COSE public key, base64url. */
  publicKey: string
  /** Signature counter last seen; 0 for authenticators that do not count (synced passkeys). */
  counter: number
  transports?: string[]
  /**
   * From the authenticator data's backup-eligible flag: `singleDevice` keys never leave the
   * authenticator (amr `hwk`), `multiDevice` ones can be synced between devices (amr `swk`).
   */
  deviceType: 'singleDevice' | 'multiDevice'
  backedUp: boolean
  aaguid?: string
  createdAt: number
  lastUsedAt?: number
  /** Added on the account page: the storage key of that session, which may keep managing it. */
  addedInSession?: string
}

const PASSKEYS = 'passkey'
const OWNERS = 'passkey-owner'

// Passkeys by `user id:credential id`; owners by credential id → user id, claimed once.
declare module '../storage/types.js' {
  interface StorageRecords {
    [PASSKEYS]: Passkey
    [OWNERS]: string
  }
}

export const MAX_PASSKEYS_PER_USER = 20

const key = (userId: string, credentialId: string) => `${userId}:${credentialId}`

export async function listPasskeys(storage: Storage, userId: string): Promise<Passkey[]> {
  const records = await storage.list(PASSKEYS, {
    prefix: `${userId}:`,
    limit: MAX_PASSKEYS_PER_USER + 1,
  })
  return records.map((r) => r.value).sort((a, b) => a.createdAt - b.createdAt)
}

export const getPasskey = (storage: Storage, userId: string, credentialId: string) =>
  storage.get(PASSKEYS, key(userId, credentialId))

/** The passkey with this credential id, whoever owns it. */
export async function findPasskey(
  storage: Storage,
  credentialId: string,
): Promise<Passkey | undefined> {
  const userId = await storage.get(OWNERS, credentialId)
  return userId ? getPasskey(storage, userId, credentialId) : undefined
}

export async function hasPasskey(storage: Storage, userId: string): Promise<boolean> {
  return (await storage.list(PASSKEYS, { prefix: `${userId}:`, limit: 1 })).length > 0
}

/** Whether the user has any second factor: TOTP or at least one passkey. */
export async function hasSecondFactorEnrolled(storage: Storage, user: User): Promise<boolean> {
  return user.totp !== undefined || (await hasPasskey(storage, user.id))
}

/**
 * Stores a new passkey. false when its credential id is already registered (to anyone): the
 * index is claimed first and atomically, so a credential can never belong to two users.
 */
export async function addPasskey(storage: Storage, passkey: Passkey): Promise<boolean> {
  if (!(await storage.add(OWNERS, passkey.id, passkey.userId))) return false
  await storage.set(PASSKEYS, key(passkey.userId, passkey.id), passkey)
  return true
}

/** Rewrites an existing passkey (new counter, name, last use). */
export async function savePasskey(storage: Storage, passkey: Passkey): Promise<void> {
  await storage.set(PASSKEYS, key(passkey.userId, passkey.id), passkey)
}

export async function removePasskey(
  storage: Storage,
  userId: string,
  credentialId: string,
): Promise<boolean> {
  const removed = await storage.delete(PASSKEYS, key(userId, credentialId))
  if (removed) await storage.delete(OWNERS, credentialId)
  return removed
}

/** Every passkey of the user (an admin's reset of the second factors). Returns how many. */
export async function removeAllPasskeys(storage: Storage, userId: string): Promise<number> {
  const passkeys = await listPasskeys(storage, userId)
  for (const passkey of passkeys) await removePasskey(storage, userId, passkey.id)
  return passkeys.length
}

/** A label a user typed: one line, trimmed, at most 64 characters; a default when empty. */
export function passkeyName(input: string | undefined, fallback: string): string {
  const cleaned = (input ?? '')
    .replace(/[\p{Cc}\p{Cf}]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 64)
  return cleaned || fallback
}
