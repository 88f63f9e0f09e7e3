/**
 * The end of every successful sign-in, whatever the way in (password, passkey, upstream OIDC,
 * SAML, IdP-initiated SAML, the OpenID Provider's interactions): the only place that creates a
 * bridge session.
 */
import type { App } from '../domain/apps.js'
import { carrySignedInApps } from '../domain/backchannel-logout.js'
import { tellUserEvent, userEventDepsOf } from '../domain/user-events.js'
import { consumeLoginTransaction, type LoginTransaction } from '../domain/login-transactions.js'
import { deviceOf } from '../domain/session-device.js'
import { createSession, deleteSession, getSession } from '../domain/sessions.js'
import { saveUser, type User } from '../domain/users.js'
import { BridgeError } from '../errors.js'
import { auditSignIn } from './audit.js'
import { completeLink } from './complete-link.js'
import { deliverSignIn } from './deliver.js'
import type { Outcome } from './outcome.js'
import type { SignInServices, Visit } from './services.js'

export interface Authenticated {
  txId: string
  tx: LoginTransaction
  app: App
  user: User
  connection: string
  amr: string[]
}

/**
 * Consumes the transaction (once, atomically), replaces the bridge session, and delivers. No
 * caller may skip the second factor: they reach this only through firstFactor's gate or with
 * the second factor done.
 */
export async function finish(
  services: SignInServices,
  visit: Visit,
  input: Authenticated,
): Promise<Outcome> {
  const { storage } = services
  const attempt = { app: input.app.id, connection: input.connection, user: input.user.id }
  if (input.user.disabled) {
    await auditSignIn(services, visit.requestId, { ...attempt, reason: 'user_disabled' })
    throw new BridgeError('access_denied', { reason: 'user_disabled', message: 'user is disabled' })
  }
  const consumed = await consumeLoginTransaction(storage, input.txId)
  if (!consumed) throw new BridgeError('login_expired', { reason: 'transaction_unknown' })
  // What the stored transaction holds, not what the caller read: a link held since is honoured.
  await completeLink(services, visit, { ...input, tx: consumed })
  // A new session id on every sign-in: an id planted before login is worth nothing after.
  const previous = await getSession(storage, visit.sessionCookie)
  await deleteSession(storage, visit.sessionCookie)
  const now = Date.now()
  const { id, session } = await createSession(
    storage,
    {
      userId: input.user.id,
      connection: input.connection,
      authTime: Math.floor(now / 1000),
      amr: input.amr,
      device: deviceOf(visit.userAgent),
    },
    services.settings.sessionTtl,
    now,
  )
  if (previous?.sid && previous.userId === input.user.id) {
    await carrySignedInApps(storage, previous.sid, session, now)
  }
  const user = { ...input.user, lastLoginAt: now }
  await saveUser(storage, user)
  services.logger.info('signed in', {
    requestId: visit.requestId,
    app: input.app.id,
    user: user.id,
    connection: input.connection,
  })
  await auditSignIn(services, visit.requestId, attempt)
  // The sign-in is done: an event that cannot be queued is logged, never a failed sign-in.
  await tellUserEvent(
    userEventDepsOf(services),
    { type: 'session.started', sid: session.sid, app: input.app.id },
    user,
    visit.requestId,
  )
  const outcome = await deliverSignIn(services, visit.requestId, {
    app: input.app,
    user,
    session,
    request: input.tx,
  })
  return {
    ...outcome,
    cookies: { session: { value: id, maxAge: services.settings.sessionTtl } },
  }
}
