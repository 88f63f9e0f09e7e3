/** The steps every way of signing in shares: find the live transaction, and finish it. */
import type { Context } from 'hono'
import { getApp, type App } from '../domain/apps.js'
import {
  consumeLoginTransaction,
  getLoginTransaction,
  type LoginTransaction,
} from '../domain/login-transactions.js'
import { safeEqual, sha256 } from '../domain/random.js'
import { carrySignedInApps } from '../domain/backchannel-logout.js'
import { createSession, deleteSession, getSession } from '../domain/sessions.js'
import { saveUser, type User } from '../domain/users.js'
import { BridgeError } from '../errors.js'
import type { CookieJar } from './cookies.js'
import { deliverToken } from './deliver.js'
import { auditSignIn } from './sign-in-audit.js'
import type { BridgeEnv, BridgeServices } from './env.js'

/** The transaction, if it is live and was started by this very browser. */
export async function loadTransaction(
  c: Context<BridgeEnv>,
  services: BridgeServices,
  jar: CookieJar,
  id: string,
): Promise<LoginTransaction> {
  const tx = await getLoginTransaction(services.storage, id)
  if (!tx)
    throw new BridgeError('login_expired', { message: 'login transaction missing or expired' })
  const browser = jar.get(c, 'login')
  if (!browser || !safeEqual(sha256(browser), tx.browserHash)) {
    throw new BridgeError('csrf_failed', { message: 'login transaction used by another browser' })
  }
  return tx
}

export async function loadApp(services: BridgeServices, tx: LoginTransaction): Promise<App> {
  const app = await getApp(services.storage, tx.appId)
  if (!app)
    throw new BridgeError('unknown_app', { message: `app ${tx.appId} deleted during sign-in` })
  return app
}

/**
 * Ends a successful sign-in: consumes the transaction (once, atomically), replaces the bridge
 * session, and delivers the app's token.
 */
export async function finishSignIn(
  c: Context<BridgeEnv>,
  services: BridgeServices,
  jar: CookieJar,
  input: {
    txId: string
    tx: LoginTransaction
    app: App
    user: User
    connection: string
    amr: string[]
  },
) {
  const { storage } = services
  const attempt = { app: input.app.id, connection: input.connection, user: input.user.id }
  if (input.user.disabled) {
    await auditSignIn(c, services, { ...attempt, reason: 'user_disabled' })
    throw new BridgeError('access_denied', {
      message: 'user is disabled',
      description: 'This account is disabled.',
    })
  }
  if (!(await consumeLoginTransaction(storage, input.txId))) throw new BridgeError('login_expired')
  // A new session id on every sign-in: an id planted before login is worth nothing after.
  const previous = await getSession(storage, jar.get(c, 'session'))
  await deleteSession(storage, jar.get(c, 'session'))
  const now = Date.now()
  const { id, session } = await createSession(
    storage,
    {
      userId: input.user.id,
      connection: input.connection,
      authTime: Math.floor(now / 1000),
      amr: input.amr,
    },
    services.settings.sessionTtl,
    now,
  )
  if (previous?.sid && previous.userId === input.user.id) {
    await carrySignedInApps(storage, previous.sid, session, now)
  }
  jar.set(c, 'session', id, services.settings.sessionTtl)
  const user = { ...input.user, lastLoginAt: now }
  await saveUser(storage, user)
  services.logger.info('signed in', {
    requestId: c.get('requestId'),
    app: input.app.id,
    user: user.id,
    connection: input.connection,
  })
  await auditSignIn(c, services, attempt)
  return deliverToken(c, services, { app: input.app, user, session, request: input.tx })
}
