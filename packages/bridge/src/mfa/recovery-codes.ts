/**
 * Ten single-use recovery codes, shown once. They carry 50 random bits each, so a plain SHA-256
 * is enough to store them (argon2 is for low-entropy passwords); use is claimed atomically.
 */
import { randomBytes } from 'node:crypto'
import { sha256 } from '../domain/secret-hash.js'
import type { Storage } from '../storage/types.js'

const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789'
const USED = 'recovery-code-used'

// Keyed `user id:code hash`: a used code, claimed once.
declare module '../storage/types.js' {
  interface StorageRecords {
    [USED]: true
  }
}

function code(): string {
  const bytes = randomBytes(10)
  const chars = [...bytes].map((b) => ALPHABET[b % ALPHABET.length]).join('')
  return `${chars.slice(0, 5)}-${chars.slice(5)}`
}

const normalise = (value: string) =>
  value
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')

export function newRecoveryCodes(): { codes: string[]; hashes: string[] } {
  const codes = Array.from({ length: 10 }, code)
  return { codes, hashes: codes.map((c) => sha256(normalise(c))) }
}

/** The remaining hashes after using `value`, or undefined when it is not a live code. */
export async function useRecoveryCode(
  storage: Storage,
  userId: string,
  hashes: string[],
  value: string,
): Promise<string[] | undefined> {
  const hash = sha256(normalise(value))
  if (normalise(value).length !== 10 || !hashes.includes(hash)) return undefined
  if (!(await storage.add(USED, `${userId}:${hash}`, true))) return undefined
  return hashes.filter((h) => h !== hash)
}
