/**
 * The one-time setup link a bridge without any admin prints at start: whoever opens it first picks
 * the first admin's email and password. The token is kept as a SHA-256 with a TTL, spent with an
 * atomic consume, and refused once any admin exists.
 */
import { z } from 'zod'
import { randomToken } from '../domain/random-token.js'
import { sha256 } from '../domain/secret-hash.js'
import { BridgeError } from '../errors.js'
import type { Storage } from '../storage/types.js'
import { createAdmin, listAdmins, type PublicAdmin } from './admin-accounts.js'
import { parseInput } from './input.js'

export const SETUP_LINK_SECONDS = 60 * 60
const SETUP_TOKENS = 'admin-setup-token'
// One claim for the whole bridge: two links opened at once still make a single first admin.
const SETUP_CLAIM = 'admin-setup-claim'

// A token (keyed by its SHA-256) holds when it was made; the claim, when the first admin was.
declare module '../storage/types.js' {
  interface StorageRecords {
    [SETUP_TOKENS]: { createdAt: number }
    [SETUP_CLAIM]: number
  }
}

const setupInput = z.strictObject({
  email: z.email().max(254),
  password: z.string().min(12, 'admin passwords must be at least 12 characters').max(256),
})

const refused = (message: string, description: string) =>
  new BridgeError('invalid_request', { message, description })

const hasAdmin = async (storage: Storage) => (await listAdmins(storage)).length > 0

/** A new setup link, or nothing when an admin exists already. */
export async function createSetupLink(
  storage: Storage,
  issuer: string,
  now = Date.now(),
): Promise<string | undefined> {
  if (await hasAdmin(storage)) return undefined
  const token = randomToken(32)
  await storage.set(SETUP_TOKENS, sha256(token), { createdAt: now }, SETUP_LINK_SECONDS)
  return `${issuer}/admin/setup?token=${token}`
}

/** Whether the setup form may be shown for this token (it is not spent by looking). */
export async function setupTokenUsable(storage: Storage, token: string | undefined) {
  if (!token || token.length > 100) return false
  if (await hasAdmin(storage)) return false
  return (await storage.get(SETUP_TOKENS, sha256(token))) !== undefined
}

/** Spends the token and creates the first admin; refused when one exists or the token is not good. */
export async function completeSetup(
  storage: Storage,
  token: string | undefined,
  raw: unknown,
  now = Date.now(),
): Promise<PublicAdmin> {
  const input = parseInput(setupInput, raw)
  const spent = (message: string) =>
    refused(message, 'This setup link is used, expired or not valid any more. Sign in instead.')
  if (await hasAdmin(storage)) throw spent('setup refused: an admin exists')
  if (!token || token.length > 100) throw spent('setup without a token')
  if ((await storage.consume(SETUP_TOKENS, sha256(token))) === undefined) {
    throw spent('setup token unknown, expired or used')
  }
  if (!(await storage.add(SETUP_CLAIM, 'first-admin', now))) {
    throw spent('setup refused: the first admin was created through another link')
  }
  const { admin } = await createAdmin(
    storage,
    { type: 'anonymous', id: 'setup-link', label: input.email },
    input,
    now,
  )
  return admin
}
