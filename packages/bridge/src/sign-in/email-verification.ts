/**
 * The verification link, posted from the page it opens (a GET never uses a token up: mail
 * scanners open links). The address is verified wherever it is opened; the sign-in that asked
 * for it continues only in its own browser.
 */
import { recordAudit } from '../domain/audit-log.js'
import { consumeEmailToken } from '../domain/email-tokens.js'
import { tellUserUpdated, userEventDepsOf } from '../domain/user-events.js'
import { saveUser, type User } from '../domain/users.js'
import { BridgeError } from '../errors.js'
import { continueFromEmail } from './continue-from-email.js'
import type { Outcome } from './outcome.js'
import type { SignInServices, Visit } from './services.js'

export async function verifyEmail(
  services: SignInServices,
  visit: Visit,
  token: string,
): Promise<{ user: User; outcome?: Outcome }> {
  const { record, user } = await consumeEmailToken(services.storage, 'verify-email', token)
  if (user.disabled)
    throw new BridgeError('access_denied', { reason: 'user_disabled', message: 'user is disabled' })
  const verified: User = { ...user, emailVerified: true, updatedAt: Date.now() }
  if (!user.emailVerified) {
    await saveUser(services.storage, verified)
    await recordAudit(services.storage, {
      event: 'user.email_verified',
      actor: { type: 'user', id: user.id },
      connection: user.connection,
      user: user.id,
      requestId: visit.requestId,
    })
    await tellUserUpdated(userEventDepsOf(services), user, verified, visit.requestId)
  }
  const outcome = await continueFromEmail(services, visit, record.signIn, verified, ['email'])
  return { user: verified, outcome }
}
