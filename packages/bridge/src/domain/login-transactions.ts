/**
 * A sign-in in progress: what the app asked for, kept server-side between /authorize and the end
 * of the login form. It is bound to the browser that started it (a cookie whose hash it holds)
 * and carries the CSRF token of the form; it is consumed exactly once.
 */
import type { Storage } from '../storage/types.js'
import type { ErrorDelivery } from './app-integration.js'
import { randomToken, sha256 } from './random.js'

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
  prompt?: 'login' | 'none'
  loginHint?: string
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

/** A first factor that succeeded, waiting for the second: no session exists until that is done. */
export interface PendingSecondFactor {
  userId: string
  connection: string
  amr: string[]
  /** A TOTP secret being enrolled (sealed), until its first code proves the app has it. */
  enrolmentSealed?: string
  /** The second factor is done (recovery codes shown, if any): only "continue" remains. */
  verified?: boolean
  /** The amr of the verified second factor (`otp` when absent): a passkey's is `hwk` or `swk`. */
  method?: 'otp' | 'hwk' | 'swk'
}

export interface LoginTransaction extends AuthorizationRequest {
  browserHash: string
  csrf: string
  createdAt: number
  pending?: PendingSecondFactor
}

const TRANSACTIONS = 'login-tx'
export const LOGIN_TX_TTL_SECONDS = 15 * 60

export async function startLoginTransaction(
  storage: Storage,
  request: AuthorizationRequest,
  browserSecret: string,
  now = Date.now(),
  pending?: PendingSecondFactor,
): Promise<{ id: string; tx: LoginTransaction }> {
  const id = randomToken()
  const tx: LoginTransaction = {
    ...request,
    pending,
    browserHash: sha256(browserSecret),
    csrf: randomToken(),
    createdAt: now,
  }
  await storage.set(TRANSACTIONS, id, tx as never, LOGIN_TX_TTL_SECONDS)
  return { id, tx }
}

export const getLoginTransaction = (storage: Storage, id: string) =>
  storage.get<LoginTransaction>(TRANSACTIONS, id)

/** A fresh CSRF token after every submission, so a captured form cannot be replayed. */
export async function rotateCsrf(
  storage: Storage,
  id: string,
  tx: LoginTransaction,
  changes: Partial<LoginTransaction> = {},
): Promise<LoginTransaction> {
  const next = { ...tx, ...changes, csrf: randomToken() }
  const left = Math.max(
    1,
    Math.ceil((tx.createdAt + LOGIN_TX_TTL_SECONDS * 1000 - Date.now()) / 1000),
  )
  await storage.set(TRANSACTIONS, id, next as never, left)
  return next
}

/** Atomic: of two submissions racing, one finishes the sign-in and the other gets nothing. */
export const consumeLoginTransaction = (storage: Storage, id: string) =>
  storage.consume<LoginTransaction>(TRANSACTIONS, id)
