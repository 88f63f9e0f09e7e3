/**
 * A link from a member email (verification, reset) continues the sign-in that asked for it, in
 * the browser that asked only: the link names the login transaction and the hash of that
 * browser's secret. Opened anywhere else, or after that sign-in moved on or ended, it continues
 * nothing, so it can never sign a browser into someone else's pending sign-in.
 */
import { getApp } from '../domain/apps.js'
import type { PendingSignIn } from '../domain/email-tokens.js'
import { getLoginTransaction } from '../domain/login-transactions.js'
import { safeEqual, sha256 } from '../domain/secret-hash.js'
import type { User } from '../domain/users.js'
import { firstFactor } from './first-factor.js'
import type { Outcome } from './outcome.js'
import type { SignInServices, Visit } from './services.js'

export async function continueFromEmail(
  services: SignInServices,
  visit: Visit,
  signIn: PendingSignIn | undefined,
  user: User,
  amr: string[],
): Promise<Outcome | undefined> {
  if (!signIn || !visit.browserSecret) return undefined
  const browserHash = sha256(visit.browserSecret)
  if (!safeEqual(browserHash, signIn.browserHash)) return undefined
  const tx = await getLoginTransaction(services.storage, signIn.txId)
  if (!tx || !safeEqual(tx.browserHash, browserHash)) return undefined
  // Only a sign-in still at its login page: never one with another first factor pending.
  if (tx.progress.step !== 'started' && tx.progress.step !== 'choosing') return undefined
  const app = await getApp(services.storage, tx.appId)
  if (!app?.connections.includes(user.connection)) return undefined
  if (tx.connection && tx.connection !== user.connection) return undefined
  return firstFactor(services, visit, {
    txId: signIn.txId,
    tx,
    app,
    user,
    connection: user.connection,
    amr,
  })
}
