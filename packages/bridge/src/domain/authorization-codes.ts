/**
 * One-time codes of `code` delivery. A code is bound to the app, the exact redirect URI and a
 * PKCE S256 challenge; it lives a minute and is consumed atomically, so of two redemptions at most
 * one gets anything. Storage keeps only the code's hash, and no token: the token is minted when
 * the code is redeemed.
 */
import { createHash } from 'node:crypto'
import type { Storage } from '../storage/types.js'
import { randomToken } from './random-token.js'
import { safeEqual, sha256 } from './secret-hash.js'
import type { Session } from './sessions.js'

export interface AuthorizationCode {
  appId: string
  redirectUri: string
  codeChallenge: string
  state?: string
  userId: string
  session: Pick<Session, 'connection' | 'authTime' | 'amr' | 'sid'>
  createdAt: number
}

const CODES = 'auth-code'
export const CODE_TTL_SECONDS = 60

// Keyed by the SHA-256 of the code.
declare module '../storage/types.js' {
  interface StorageRecords {
    [CODES]: AuthorizationCode
  }
}

/** RFC 7636: 43 to 128 unreserved characters. */
export const VERIFIER_PATTERN = /^[A-Za-z0-9._~-]{43,128}$/
/** BASE64URL(SHA-256(verifier)): always 43 characters. */
export const CHALLENGE_PATTERN = /^[A-Za-z0-9_-]{43}$/

export async function issueCode(
  storage: Storage,
  input: Omit<AuthorizationCode, 'createdAt'>,
  now = Date.now(),
): Promise<string> {
  const code = randomToken()
  const record: AuthorizationCode = { ...input, createdAt: now }
  await storage.set(CODES, sha256(code), record, CODE_TTL_SECONDS)
  return code
}

/** The code's record, removed from storage: it can never be redeemed again, right or wrong. */
export async function consumeCode(
  storage: Storage,
  code: string,
): Promise<AuthorizationCode | undefined> {
  return storage.consume(CODES, sha256(code))
}

export const s256 = (verifier: string): string =>
  createHash('sha256').update(verifier).digest('base64url')

export function verifierMatches(verifier: string, challenge: string): boolean {
  return VERIFIER_PATTERN.test(verifier) && safeEqual(s256(verifier), challenge)
}
