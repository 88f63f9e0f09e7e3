/**
 * Sign-ins and failed sign-ins in the audit log. Best effort: a sign-in that worked is not undone
 * because its audit entry could not be written; the failure goes to the log instead.
 */
import { recordAudit, type AuditInput } from '../domain/audit-log.js'
import type { SignInServices } from './services.js'

export interface SignInAttempt {
  /** The app signed into; unknown for a SAML Response refused before its request is found. */
  app?: string
  connection: string
  /** The bridge user, when known. */
  user?: string
  /** The email typed into the form, for failures where no user is known. */
  email?: string
  /** Error code of a failure (`invalid_credentials`, `too_many_attempts`, `user_disabled`…). */
  reason?: string
}

/** Where sign-ins are counted (the bridge's metrics): app and connection ids and the reason only. */
export interface SignInCounter {
  signIn(record: { app?: string; connection: string; reason?: string }): void
}

export async function auditSignIn(
  services: Pick<SignInServices, 'storage' | 'logger'> & { metrics?: SignInCounter },
  requestId: string,
  attempt: SignInAttempt,
): Promise<void> {
  services.metrics?.signIn({
    app: attempt.app,
    connection: attempt.connection,
    reason: attempt.reason,
  })
  const entry: AuditInput = {
    event: attempt.reason ? 'sign_in.failed' : 'sign_in.succeeded',
    actor: attempt.user
      ? { type: 'user', id: attempt.user }
      : { type: 'anonymous', id: attempt.email?.toLowerCase().slice(0, 254) ?? 'unknown' },
    app: attempt.app,
    connection: attempt.connection,
    user: attempt.user,
    email: attempt.email?.slice(0, 254),
    reason: attempt.reason,
    requestId,
  }
  try {
    await recordAudit(services.storage, entry)
  } catch (error) {
    services.logger.error('audit entry not written', {
      requestId,
      event: entry.event,
      error: error instanceof Error ? error.name : typeof error,
    })
  }
}
