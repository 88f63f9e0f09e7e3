/** Users of the bridge: local accounts with a password, and later upstream identities. */
import { randomUUID } from 'node:crypto'
import type { Storage } from '../storage/types.js'

export interface User {
  id: string
  connection: string
  email: string
  emailVerified: boolean
  name?: string
  givenName?: string
  familyName?: string
  groups?: string[]
  /** Avatar URL, when an upstream provides one (a claim source for apps, e.g. Canny's avatarURL). */
  picture?: string
  passwordHash?: string
  /** TOTP secret, sealed with the context `totp:<user id>`. */
  totp?: { secretSealed: string; enrolledAt: number; lastStep?: number }
  /** SHA-256 of each unused recovery code. */
  recoveryCodes?: string[]
  disabled: boolean
  /**
   * Set on users a directory created through SCIM: the directory keeps their profile and groups,
   * so a sign-in does not overwrite them with what the IdP's token says.
   */
  provisionedBy?: 'scim'
  createdAt: number
  updatedAt: number
  lastLoginAt?: number
}

export const USERS = 'user'
const BY_EMAIL = 'user-email'

// `connection:email` → user id, claimed once per address.
declare module '../storage/types.js' {
  interface StorageRecords {
    [USERS]: User
    [BY_EMAIL]: string
  }
}

const emailKey = (connection: string, email: string) =>
  `${connection}:${email.trim().toLowerCase()}`

export const getUser = (storage: Storage, id: string) => storage.get(USERS, id)

export async function findUserByEmail(
  storage: Storage,
  connection: string,
  email: string,
): Promise<User | undefined> {
  const id = await storage.get(BY_EMAIL, emailKey(connection, email))
  return id ? getUser(storage, id) : undefined
}

export type NewUser = Omit<User, 'id' | 'createdAt' | 'updatedAt' | 'disabled'> & {
  disabled?: boolean
}

/**
 * Creates a user unless the connection already has one with that email (then returns undefined).
 * Upstream users are found by their identity link instead, so they skip the email index.
 */
export async function createUser(
  storage: Storage,
  input: NewUser,
  now = Date.now(),
  options: { indexEmail: boolean } = { indexEmail: true },
): Promise<User | undefined> {
  const user: User = {
    ...input,
    id: randomUUID(),
    email: input.email.trim(),
    disabled: input.disabled ?? false,
    createdAt: now,
    updatedAt: now,
  }
  // The email index is claimed first and atomically: two concurrent creations cannot both win.
  const claimed =
    !options.indexEmail ||
    (await storage.add(BY_EMAIL, emailKey(user.connection, user.email), user.id))
  if (!claimed) return undefined
  await storage.set(USERS, user.id, user)
  return user
}

export async function saveUser(storage: Storage, user: User): Promise<void> {
  await storage.set(USERS, user.id, user)
}

/** Removes the user record and its email index entry (only while the entry names this user). */
export async function deleteUser(storage: Storage, user: User): Promise<void> {
  const key = emailKey(user.connection, user.email)
  if ((await storage.get(BY_EMAIL, key)) === user.id) await storage.delete(BY_EMAIL, key)
  await storage.delete(USERS, user.id)
}
