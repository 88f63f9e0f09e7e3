/**
 * A sign-in in progress: what the app asked for, kept server-side between /authorize and the end
 * of the login form. It is bound to the browser that started it (a cookie whose hash it holds)
 * and carries the CSRF token of the form; it is consumed exactly once.
 */
import type { Storage } from '../storage/types.js'
import type { UpstreamIdentity } from './upstream-identity.js'
import type { ErrorDelivery } from './app-integration.js'
import type { PlatformRequest } from './platform-request.js'
import { randomToken } from './random-token.js'
import { sha256 } from './secret-hash.js'

export interface AuthorizationRequest {
  appId: string
  redirectUri: string
  /** The site's state; platforms that start sign-ins themselves (query delivery) may send none. */
  state?: string
  /** PKCE S256 challenge, for apps with code delivery. */
  codeChallenge?: string
  /** How the app takes an answer, noted at the start: errors are delivered without the app. */
  delivery?: ErrorDelivery
  returnTo?: string
  /** Preset apps: what the platform's own request said (its nonce, return target, echoes). */
  platform?: PlatformRequest
  prompt?: 'login' | 'none'
  loginHint?: string
  /** OIDC `ui_locales` (the embed's `data-locale`): the languages the visitor's site asked for. */
  uiLocales?: string
  connection?: string
  /** Set when the sign-in serves an OpenID Connect authorization request (its interaction uid). */
  oidcInteraction?: string
  /** Started by the console's "Try it": show the token to the admin instead of delivering it. */
  tryIt?: boolean
  /**
   * Started by a SAML IdP (dangerouslyAllowIdpInitiated): there is no site state to answer, so
   * the finish sends the browser to `redirectUri`, the app's home, and delivers nothing.
   */
  idpInitiated?: boolean
}

/** A first factor that succeeded: no session exists until what follows it is done too. */
export interface FirstFactorDone {
  userId: string
  connection: string
  amr: string[]
}

export type SecondFactorMethod = 'otp' | 'hwk' | 'swk'

/**
 * An upstream identity whose email belongs to existing users, held until the visitor signs in to
 * one of them (then it is linked to that user) or chooses a separate account. Kept only here, in
 * the transaction bound to this browser: no form names the identity to link.
 */
export interface PendingLink {
  connection: string
  identity: UpstreamIdentity
  /** The users whose email matched: signing in to one of these, and only these, links. */
  matches: string[]
  /** Epoch ms after which the link is refused, whatever is left of the transaction. */
  expiresAt: number
}

/**
 * Where a sign-in is. The moves between these states are sign-in/state.ts; this is the shape
 * the record stores.
 */
export type SignInState =
  /** A login transaction exists; nothing was tried yet. */
  | { step: 'started' }
  /** A first factor was refused: the login page is shown again to choose or retry. */
  | { step: 'choosing' }
  /** An upstream identity matched existing users by email: the link prompt waits for a choice. */
  | { step: 'linking' }
  /** The first factor is done; a second is asked for (or must be set up). */
  | { step: 'second-factor'; firstFactor: FirstFactorDone }
  /** A TOTP secret is being set up (sealed), until its first code proves the app has it. */
  | { step: 'enrolling'; firstFactor: FirstFactorDone; enrolmentSealed: string }
  /** Both factors are done (recovery codes shown, if any): only "continue" remains. */
  | { step: 'verified'; firstFactor: FirstFactorDone; method: SecondFactorMethod }
  /** Terminal: the session is created from this. Never stored; the transaction is consumed. */
  | { step: 'finished'; signIn: FirstFactorDone }
  /** Terminal: no session. Never stored; the transaction is consumed. */
  | { step: 'failed'; reason: string }

/** The states a stored transaction can be in. */
export type LiveState = Exclude<SignInState, { step: 'finished' | 'failed' }>

export interface LoginTransaction extends AuthorizationRequest {
  browserHash: string
  csrf: string
  createdAt: number
  /** Where the sign-in is (not to be confused with `state`, the site's OAuth state). */
  progress: LiveState
  /** An identity waiting to be linked to the account the visitor signs in to next. */
  pendingLink?: PendingLink
}

/** The record as the previous release wrote it: the state implicit in optional fields. */
interface LegacyPending {
  userId: string
  connection: string
  amr: string[]
  enrolmentSealed?: string
  verified?: boolean
  method?: SecondFactorMethod
}
/** What the `login-tx` namespace holds: this release's records, or the previous release's. */
export type StoredTransaction = Omit<LoginTransaction, 'progress'> & {
  progress?: LiveState
  pending?: LegacyPending
}

/** Records written before the explicit state (at most 15 minutes old) are read as one. */
function fromStored(record: StoredTransaction): LoginTransaction {
  const { pending, progress, ...rest } = record
  if (progress) return { ...rest, progress }
  if (!pending) return { ...rest, progress: { step: 'started' } }
  const firstFactor = { userId: pending.userId, connection: pending.connection, amr: pending.amr }
  if (pending.verified)
    return { ...rest, progress: { step: 'verified', firstFactor, method: pending.method ?? 'otp' } }
  if (pending.enrolmentSealed) {
    const enrolmentSealed = pending.enrolmentSealed
    return { ...rest, progress: { step: 'enrolling', firstFactor, enrolmentSealed } }
  }
  return { ...rest, progress: { step: 'second-factor', firstFactor } }
}

const TRANSACTIONS = 'login-tx'

declare module '../storage/types.js' {
  interface StorageRecords {
    [TRANSACTIONS]: StoredTransaction
  }
}
export const LOGIN_TX_TTL_SECONDS = 15 * 60

export async function startLoginTransaction(
  storage: Storage,
  request: AuthorizationRequest,
  browserSecret: string,
  now = Date.now(),
  progress: LiveState = { step: 'started' },
): Promise<{ id: string; tx: LoginTransaction }> {
  const id = randomToken()
  const tx: LoginTransaction = {
    ...request,
    progress,
    browserHash: sha256(browserSecret),
    csrf: randomToken(),
    createdAt: now,
  }
  await storage.set(TRANSACTIONS, id, tx, LOGIN_TX_TTL_SECONDS)
  return { id, tx }
}

export async function getLoginTransaction(
  storage: Storage,
  id: string,
): Promise<LoginTransaction | undefined> {
  const record = await storage.get(TRANSACTIONS, id)
  return record && fromStored(record)
}

/**
 * A fresh CSRF token after every submission, so a captured form cannot be replayed; `progress`
 * is where the sign-in moved to, if it moved.
 */
export async function rotateCsrf(
  storage: Storage,
  id: string,
  tx: LoginTransaction,
  progress: LiveState = tx.progress,
): Promise<LoginTransaction> {
  const next: LoginTransaction = { ...tx, progress, csrf: randomToken() }
  const left = Math.max(
    1,
    Math.ceil((tx.createdAt + LOGIN_TX_TTL_SECONDS * 1000 - Date.now()) / 1000),
  )
  await storage.set(TRANSACTIONS, id, next, left)
  return next
}

/** Atomic: of two submissions racing, one finishes the sign-in and the other gets nothing. */
export async function consumeLoginTransaction(
  storage: Storage,
  id: string,
): Promise<LoginTransaction | undefined> {
  const record = await storage.consume(TRANSACTIONS, id)
  return record && fromStored(record)
}
