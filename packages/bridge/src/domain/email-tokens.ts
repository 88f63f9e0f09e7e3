/**
 * The secrets member emails carry: a verification or reset link, and a sign-in code with its
 * magic link. Storage holds only their SHA-256, each works once (consumed atomically) and for a
 * short time, and those that continue a sign-in name its login transaction and the hash of the
 * browser secret that started it, so a link can never finish a sign-in in another browser.
 */
import { randomInt } from 'node:crypto'
import { BridgeError } from '../errors.js'
import type { Storage } from '../storage/types.js'
import { randomToken } from './random-token.js'
import { safeEqual, sha256 } from './secret-hash.js'
import { getUser, type User } from './users.js'

export type EmailTokenPurpose = 'verify-email' | 'reset-password'

/** Lifetimes in seconds: verification 24 h, reset 30 min, a sign-in code and its link 10 min. */
export const EMAIL_TOKEN_TTL: Record<EmailTokenPurpose | 'login-code', number> = {
  'verify-email': 24 * 3600,
  'reset-password': 30 * 60,
  'login-code': 10 * 60,
}

/** Wrong codes a sign-in may type before its code is void: 6 digits leave 1 in 200,000 odds. */
export const LOGIN_CODE_ATTEMPTS = 5

/** The sign-in a token continues, when it was asked for from one. */
export interface PendingSignIn {
  txId: string
  /** SHA-256 of the browser secret bound to the transaction (login-transactions.ts). */
  browserHash: string
}

export interface EmailTokenRecord {
  purpose: EmailTokenPurpose
  userId: string
  connection: string
  /** The address it was sent to, lowercased: a token outlives no change of the user's email. */
  email: string
  signIn?: PendingSignIn
  createdAt: number
}

/** One record per code and its link: either one consumes both. */
export interface LoginCodeRecord {
  /** Undefined for an address with no account: the same record, so the same work. */
  userId?: string
  connection: string
  email: string
  codeHash: string
  linkHash: string
  browserHash: string
  createdAt: number
}

const TOKENS = 'email-token'
const CODES = 'email-code'
const LINKS = 'email-link'
const CODE_ATTEMPTS = 'email-code-attempts'

// Tokens by their hash; codes by login transaction (one live code per sign-in), links by their
// hash naming the transaction, and the wrong codes typed per transaction.
declare module '../storage/types.js' {
  interface StorageRecords {
    [TOKENS]: EmailTokenRecord
    [CODES]: LoginCodeRecord
    [LINKS]: string
    [CODE_ATTEMPTS]: number
  }
}

/** Token shape as issued (32 random bytes, base64url): anything else is refused unread. */
export const EMAIL_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/
export const LOGIN_CODE_PATTERN = /^[0-9]{6}$/

const unknownToken = () =>
  new BridgeError('link_expired', {
    reason: 'email_token_unknown',
    message: 'email token unknown, used or expired',
  })

export async function issueEmailToken(
  storage: Storage,
  input: Omit<EmailTokenRecord, 'createdAt' | 'email'> & { email: string },
  now = Date.now(),
): Promise<string> {
  const token = randomToken()
  const record: EmailTokenRecord = { ...input, email: input.email.toLowerCase(), createdAt: now }
  await storage.set(TOKENS, sha256(token), record, EMAIL_TOKEN_TTL[input.purpose])
  return token
}

/** The user a token names, if it still names them (same connection, same address). */
async function ownerOf(storage: Storage, record: EmailTokenRecord): Promise<User> {
  const user = await getUser(storage, record.userId)
  if (!user || user.connection !== record.connection || user.email.toLowerCase() !== record.email)
    throw new BridgeError('link_expired', {
      reason: 'email_token_other_user',
      message: 'email token names a user who no longer has that address',
    })
  return user
}

async function readToken(
  storage: Storage,
  purpose: EmailTokenPurpose,
  token: string,
): Promise<EmailTokenRecord> {
  if (!EMAIL_TOKEN_PATTERN.test(token)) throw unknownToken()
  const record = await storage.get(TOKENS, sha256(token))
  if (!record) throw unknownToken()
  // Read before consuming: a reset link pasted into the verification page must not burn it.
  if (record.purpose !== purpose)
    throw new BridgeError('link_expired', {
      reason: 'email_token_other_purpose',
      message: `a ${record.purpose} token used for ${purpose}`,
    })
  return record
}

/** The token's record and user without using it up: the reset form shown before it is posted. */
export async function peekEmailToken(
  storage: Storage,
  purpose: EmailTokenPurpose,
  token: string,
): Promise<{ record: EmailTokenRecord; user: User }> {
  const record = await readToken(storage, purpose, token)
  return { record, user: await ownerOf(storage, record) }
}

/** Uses the token up: of two concurrent uses, one gets it and the other `email_token_unknown`. */
export async function consumeEmailToken(
  storage: Storage,
  purpose: EmailTokenPurpose,
  token: string,
): Promise<{ record: EmailTokenRecord; user: User }> {
  const record = await readToken(storage, purpose, token)
  const user = await ownerOf(storage, record)
  if (!(await storage.consume(TOKENS, sha256(token)))) throw unknownToken()
  return { record, user }
}

const codeHashOf = (txId: string, code: string) => sha256(`${txId}:${code}`)

/**
 * A 6-digit code and a magic link for one sign-in; a new one replaces the previous (its code and
 * link stop working) and its attempts start again.
 */
export async function issueLoginCode(
  storage: Storage,
  txId: string,
  input: Omit<LoginCodeRecord, 'codeHash' | 'linkHash' | 'createdAt'>,
  now = Date.now(),
): Promise<{ code: string; link: string }> {
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0')
  const link = randomToken()
  const ttl = EMAIL_TOKEN_TTL['login-code']
  const record: LoginCodeRecord = {
    ...input,
    email: input.email.toLowerCase(),
    codeHash: codeHashOf(txId, code),
    linkHash: sha256(link),
    createdAt: now,
  }
  await storage.delete(CODE_ATTEMPTS, txId)
  await storage.set(CODES, txId, record, ttl)
  await storage.set(LINKS, sha256(link), txId, ttl)
  return { code, link }
}

const noCode = () =>
  new BridgeError('link_expired', {
    reason: 'email_code_unknown',
    message: 'no live sign-in code for this transaction',
  })

/**
 * Checks a typed code of this sign-in (the caller has checked the transaction is this browser's).
 * Each attempt is counted before the code is compared; past the limit the code is void.
 */
export async function consumeLoginCode(
  storage: Storage,
  txId: string,
  code: string,
): Promise<LoginCodeRecord & { userId: string }> {
  const record = await storage.get(CODES, txId)
  if (!record) throw noCode()
  const attempts = await storage.increment(CODE_ATTEMPTS, txId, EMAIL_TOKEN_TTL['login-code'])
  if (attempts > LOGIN_CODE_ATTEMPTS) {
    await storage.delete(CODES, txId)
    throw new BridgeError('too_many_attempts', {
      reason: 'email_code_attempts',
      message: 'too many wrong sign-in codes',
    })
  }
  const right = LOGIN_CODE_PATTERN.test(code) && safeEqual(codeHashOf(txId, code), record.codeHash)
  // An address without an account gets a code record too (the same work); no code opens it.
  if (!right || !record.userId)
    throw new BridgeError('invalid_credentials', {
      reason: 'email_code_wrong',
      message: 'wrong sign-in code',
    })
  const consumed = await storage.consume(CODES, txId)
  if (!consumed || consumed.codeHash !== record.codeHash) throw noCode()
  await storage.delete(CODE_ATTEMPTS, txId)
  return { ...consumed, userId: record.userId }
}

/** The sign-in a magic link belongs to, without using it: the page for another browser. */
export async function findLoginLink(
  storage: Storage,
  link: string,
): Promise<{ txId: string; record: LoginCodeRecord } | undefined> {
  if (!EMAIL_TOKEN_PATTERN.test(link)) return undefined
  const txId = await storage.get(LINKS, sha256(link))
  const record = txId ? await storage.get(CODES, txId) : undefined
  // A newer code for the same sign-in replaced this link's record.
  if (!txId || !record || !safeEqual(record.linkHash, sha256(link))) return undefined
  return { txId, record }
}

/**
 * Uses a magic link up, in the browser that asked for it only: elsewhere it throws
 * `email_link_other_browser` and stays usable, so the code can still be typed where it started.
 */
export async function consumeLoginLink(
  storage: Storage,
  link: string,
  browserSecret: string | undefined,
): Promise<{ txId: string; record: LoginCodeRecord & { userId: string } }> {
  const found = await findLoginLink(storage, link)
  if (!found) throw noCode()
  if (!browserSecret || !safeEqual(sha256(browserSecret), found.record.browserHash))
    throw new BridgeError('csrf_failed', {
      reason: 'email_link_other_browser',
      message: 'magic link opened in another browser',
    })
  await storage.delete(LINKS, sha256(link))
  const consumed = await storage.consume(CODES, found.txId)
  if (!consumed || consumed.linkHash !== found.record.linkHash || !consumed.userId) throw noCode()
  await storage.delete(CODE_ATTEMPTS, found.txId)
  return { txId: found.txId, record: { ...consumed, userId: consumed.userId } }
}
