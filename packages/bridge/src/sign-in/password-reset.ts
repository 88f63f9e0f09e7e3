/**
 * Forgot password: a reset link to the address if it has an account (the same answer if not),
 * then a new password set from the link. Setting it ends every session of the user (the caller's
 * `endSessions` also tells their sites through back-channel logout) and verifies the address,
 * which the link just proved.
 */
import type { App } from '../domain/apps.js'
import { recordAudit } from '../domain/audit-log.js'
import type { LocalConnection } from '../domain/connections.js'
import { consumeEmailToken, peekEmailToken } from '../domain/email-tokens.js'
import { reserveMemberEmail } from '../domain/email-throttle.js'
import type { LoginTransaction } from '../domain/login-transactions.js'
import { hashPassword } from '../domain/passwords.js'
import { tellUserEvent, tellUserUpdated, userEventDepsOf } from '../domain/user-events.js'
import { findUserByEmail, saveUser, type User } from '../domain/users.js'
import { sendPasswordReset } from '../email/member-emails.js'
import { BridgeError } from '../errors.js'
import type { Locale } from '../i18n/locales.js'
import { continueFromEmail } from './continue-from-email.js'
import { inBackground } from './in-background.js'
import { checkNewPassword, memberAddress } from './member-policy.js'
import type { Outcome } from './outcome.js'
import type { SignInServices, Visit } from './services.js'

export interface ResetRequest {
  txId: string
  tx: LoginTransaction
  app: App
  connection: LocalConnection
  email: string
  clientAddress: string
  /** The page's language: the email speaks it too. */
  locale?: Locale
}

/** Counts the email and queues the link after the answer; returns the address as typed. */
export async function requestPasswordReset(
  services: SignInServices,
  visit: Visit,
  request: ResetRequest,
): Promise<string> {
  const email = memberAddress(request.email)
  await reserveMemberEmail(services.storage, email, request.clientAddress)
  const signIn = { txId: request.txId, browserHash: request.tx.browserHash }
  inBackground(services.logger, visit.requestId, 'reset email', async () => {
    const user = await findUserByEmail(services.storage, request.connection.id, email)
    if (user && !user.disabled)
      await sendPasswordReset(services, user.id, {
        signIn,
        appId: request.app.id,
        locale: request.locale,
      })
  })
  return email
}

const refuseDisabled = (user: User) => {
  if (user.disabled)
    throw new BridgeError('access_denied', { reason: 'user_disabled', message: 'user is disabled' })
}

/** The user a reset link is for, without using it up: the form is shown first. */
export async function resetLinkUser(services: SignInServices, token: string): Promise<User> {
  const { user } = await peekEmailToken(services.storage, 'reset-password', token)
  refuseDisabled(user)
  return user
}

export async function completePasswordReset(
  services: SignInServices,
  visit: Visit,
  input: { token: string; password: string; endSessions: (user: User) => Promise<number> },
): Promise<{ user: User; endedSessions: number; outcome?: Outcome }> {
  // Checked before the token is used up: a too-short password must not cost the link.
  const password = checkNewPassword(input.password)
  await resetLinkUser(services, input.token)
  const passwordHash = await hashPassword(password)
  const { record, user } = await consumeEmailToken(services.storage, 'reset-password', input.token)
  refuseDisabled(user)
  const updated: User = { ...user, passwordHash, emailVerified: true, updatedAt: Date.now() }
  await saveUser(services.storage, updated)
  const endedSessions = await input.endSessions(updated)
  await recordAudit(services.storage, {
    event: 'user.password_reset',
    actor: { type: 'user', id: user.id },
    connection: user.connection,
    user: user.id,
    secretsChanged: ['password'],
    requestId: visit.requestId,
  })
  const events = userEventDepsOf(services)
  await tellUserEvent(events, { type: 'password.changed' }, updated, visit.requestId)
  // The link proved the address: an app may be waiting for it to be verified.
  await tellUserUpdated(events, user, updated, visit.requestId)
  const outcome = await continueFromEmail(services, visit, record.signIn, updated, ['email'])
  return { user: updated, endedSessions, outcome }
}
