/**
 * The people who may use the console: email and an argon2id password, like local users, but in
 * their own records, so no end-user account can ever act as an admin.
 */
import { randomUUID } from 'node:crypto'
import { z } from 'zod'
import { displayName } from '../config/display-name.js'
import { recordAudit, type Actor } from '../domain/audit-log.js'
import { decoyHash, hashPassword, verifyPassword } from '../domain/passwords.js'
import { randomToken } from '../domain/random-token.js'
import { BridgeError } from '../errors.js'
import type { Storage } from '../storage/types.js'
import { conflict, parseInput } from './input.js'

export interface AdminAccount {
  id: string
  email: string
  name?: string
  passwordHash: string
  disabled: boolean
  createdAt: number
  lastLoginAt?: number
  /** An authenticator app: the console then asks for a code after the password. */
  totp?: { secretSealed: string; enrolledAt: number; lastStep?: number }
  /** SHA-256 of the unused recovery codes. */
  recoveryCodes?: string[]
}

export type PublicAdmin = Omit<AdminAccount, 'passwordHash' | 'totp' | 'recoveryCodes'> & {
  mfaEnrolled: boolean
}

const ADMINS = 'admin'
const BY_EMAIL = 'admin-email'

// The email (lower case) → admin id, claimed once per address.
declare module '../storage/types.js' {
  interface StorageRecords {
    [ADMINS]: AdminAccount
    [BY_EMAIL]: string
  }
}

const emailKey = (email: string) => email.trim().toLowerCase()

const newAdmin = z.strictObject({
  email: z.email().max(254),
  name: displayName(200).optional(),
  password: z
    .string()
    .min(12, 'admin passwords must be at least 12 characters')
    .max(256)
    .optional(),
})

export const publicAdmin = ({
  passwordHash: _,
  totp,
  recoveryCodes: __,
  ...rest
}: AdminAccount): PublicAdmin => ({ ...rest, mfaEnrolled: totp !== undefined })
export const getAdmin = (storage: Storage, id: string) => storage.get(ADMINS, id)

/** The admin with this email (any case), if there is one. */
export async function findAdminByEmail(storage: Storage, email: string) {
  const id = await storage.get(BY_EMAIL, emailKey(email))
  return id ? getAdmin(storage, id) : undefined
}

export const saveAdmin = (storage: Storage, admin: AdminAccount) =>
  storage.set(ADMINS, admin.id, admin)

export async function listAdmins(storage: Storage): Promise<PublicAdmin[]> {
  return (await storage.list(ADMINS)).map((r) => publicAdmin(r.value))
}

/** Creates an admin; without a password, one is generated and returned once. */
export async function createAdmin(
  storage: Storage,
  actor: Actor,
  raw: unknown,
  now = Date.now(),
): Promise<{ admin: PublicAdmin; password?: string }> {
  const input = parseInput(newAdmin, raw)
  const generated = input.password === undefined ? randomToken(15) : undefined
  const admin: AdminAccount = {
    id: randomUUID(),
    email: input.email.trim(),
    name: input.name,
    passwordHash: await hashPassword(input.password ?? (generated as string)),
    disabled: false,
    createdAt: now,
  }
  if (!(await storage.add(BY_EMAIL, emailKey(admin.email), admin.id)))
    throw conflict(`An admin with the email ${admin.email} exists already.`)
  await storage.set(ADMINS, admin.id, admin)
  await recordAudit(
    storage,
    {
      event: 'admin.created',
      actor,
      target: { type: 'admin', id: admin.id },
      after: publicAdmin(admin),
    },
    now,
  )
  return { admin: publicAdmin(admin), password: generated }
}

/** Same work and the same answer for an unknown email, a wrong password and a disabled admin. */
export async function authenticateAdmin(
  storage: Storage,
  email: string,
  password: string,
  now = Date.now(),
): Promise<AdminAccount> {
  const id = await storage.get(BY_EMAIL, emailKey(email))
  const admin = id ? await getAdmin(storage, id) : undefined
  const ok = await verifyPassword(admin?.passwordHash ?? (await decoyHash()), password)
  if (!admin || admin.disabled || !ok) {
    throw new BridgeError('invalid_credentials', { message: 'admin sign-in failed' })
  }
  const signedIn = { ...admin, lastLoginAt: now }
  await storage.set(ADMINS, admin.id, signedIn)
  return signedIn
}
