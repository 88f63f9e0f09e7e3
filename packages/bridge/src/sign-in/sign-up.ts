/**
 * A visitor creates an account on a local connection that allows it. The answer is the same
 * whether the address is new or taken: a new account gets a verification link, an existing one
 * an "you already have an account" email with a reset link, both sent after the answer.
 */
import type { App } from '../domain/apps.js'
import { recordAudit } from '../domain/audit-log.js'
import type { LocalConnection } from '../domain/connections.js'
import { reserveMemberEmail } from '../domain/email-throttle.js'
import type { LoginTransaction } from '../domain/login-transactions.js'
import { hashPassword } from '../domain/passwords.js'
import { tellUserEvent, userEventDepsOf } from '../domain/user-events.js'
import { createUser, findUserByEmail } from '../domain/users.js'
import { sendAccountExists, sendVerification } from '../email/member-emails.js'
import { BridgeError } from '../errors.js'
import type { Locale } from '../i18n/locales.js'
import { inBackground } from './in-background.js'
import {
  assertSignupAllowed,
  checkNewPassword,
  memberAddress,
  memberName,
  passwordlessOf,
} from './member-policy.js'
import type { SignInServices, Visit } from './services.js'

export interface SignUpRequest {
  txId: string
  tx: LoginTransaction
  app: App
  connection: LocalConnection
  email: string
  name?: string
  password?: string
  clientAddress: string
  /** The page's language: the emails speak it too. */
  locale?: Locale
}

/** Validates, counts the email, and queues the right one; returns the address it went to. */
export async function signUp(
  services: SignInServices,
  visit: Visit,
  request: SignUpRequest,
): Promise<string> {
  const { connection } = request
  const email = memberAddress(request.email)
  assertSignupAllowed(connection, email)
  const name = memberName(request.name)
  const passwordless = passwordlessOf(connection)
  if (!request.password && !passwordless.code && !passwordless.link)
    throw new BridgeError('invalid_request', { reason: 'password_rules' })
  const password = request.password ? checkNewPassword(request.password) : undefined
  await reserveMemberEmail(services.storage, email, request.clientAddress)
  // Hashed for a taken address too: the same work before the answer either way.
  const passwordHash = password ? await hashPassword(password) : undefined
  const signIn = { txId: request.txId, browserHash: request.tx.browserHash }
  const options = { signIn, appId: request.app.id, locale: request.locale }
  inBackground(services.logger, visit.requestId, 'sign-up email', async () => {
    const user = await createUser(services.storage, {
      connection: connection.id,
      email,
      emailVerified: false,
      name,
      passwordHash,
    })
    if (!user) {
      const existing = await findUserByEmail(services.storage, connection.id, email)
      if (existing && !existing.disabled) await sendAccountExists(services, existing.id, options)
      return
    }
    await recordAudit(services.storage, {
      event: 'user.signed_up',
      actor: { type: 'user', id: user.id },
      app: request.app.id,
      connection: connection.id,
      user: user.id,
      requestId: visit.requestId,
    })
    await tellUserEvent(userEventDepsOf(services), { type: 'user.created' }, user, visit.requestId)
    await sendVerification(services, user.id, options)
  })
  return email
}
