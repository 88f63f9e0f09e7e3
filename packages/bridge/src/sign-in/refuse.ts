/**
 * A sign-in that ends without a session, for a reason the audit log keeps: the IdP refused, the
 * user cancelled. The transaction is consumed and the site hears the error.
 */
import { consumeLoginTransaction, type LoginTransaction } from '../domain/login-transactions.js'
import { BridgeError } from '../errors.js'
import { auditSignIn } from './audit.js'
import { deliverError } from './deliver.js'
import type { Outcome, UserError } from './outcome.js'
import type { SignInServices, Visit } from './services.js'
import { cancel as cancelMove, refuse as refuseMove } from './state.js'

export interface Refusal {
  txId: string
  tx: LoginTransaction
  connection: string
  /** The audit log's reason code, from a closed set (never a string an IdP chose). */
  reason: string
  error: UserError
  description: string
  user?: string
}

export async function refuse(
  services: SignInServices,
  visit: Visit,
  refusal: Refusal,
): Promise<Outcome> {
  refuseMove(refusal.tx.progress, refusal.reason)
  await consumeLoginTransaction(services.storage, refusal.txId)
  await auditSignIn(services, visit.requestId, {
    app: refusal.tx.appId,
    connection: refusal.connection,
    user: refusal.user,
    reason: refusal.reason,
  })
  return deliverError(refusal.tx, refusal.error, refusal.description)
}

/** The user chose not to sign in: not a failure for the audit log, just the end. */
export async function cancel(
  services: SignInServices,
  txId: string,
  tx: LoginTransaction,
): Promise<Outcome> {
  cancelMove(tx.progress)
  if (!(await consumeLoginTransaction(services.storage, txId)))
    throw new BridgeError('login_expired', { reason: 'transaction_unknown' })
  return deliverError(tx, 'access_denied', 'The user cancelled the sign-in.')
}

/** How an IdP's refusal reads: not signed in there (a passive request), or simply refused. */
export const upstreamRefusal = (notSignedIn: boolean) =>
  notSignedIn
    ? ({
        reason: 'upstream_login_required',
        error: 'login_required',
        description: 'The user is not signed in.',
      } as const)
    : ({
        reason: 'upstream_refused',
        error: 'access_denied',
        description: 'The identity provider did not sign the user in.',
      } as const)
