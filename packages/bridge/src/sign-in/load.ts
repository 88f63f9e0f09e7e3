/** The live login transaction of this browser, and the app it is for. */
import { getApp, type App } from '../domain/apps.js'
import { getLoginTransaction, type LoginTransaction } from '../domain/login-transactions.js'
import { safeEqual, sha256 } from '../domain/secret-hash.js'
import { BridgeError } from '../errors.js'
import type { Storage } from '../storage/types.js'
import type { Visit } from './services.js'

/** The transaction, if it is live and was started by this very browser. */
export async function loadTransaction(
  storage: Storage,
  visit: Visit,
  id: string,
): Promise<LoginTransaction> {
  const tx = await getLoginTransaction(storage, id)
  if (!tx)
    throw new BridgeError('login_expired', {
      reason: 'transaction_unknown',
      message: 'login transaction missing or expired',
    })
  const browser = visit.browserSecret
  if (!browser || !safeEqual(sha256(browser), tx.browserHash)) {
    throw new BridgeError('csrf_failed', {
      reason: 'transaction_other_browser',
      message: 'login transaction used by another browser',
    })
  }
  return tx
}

export async function loadApp(storage: Storage, tx: Pick<LoginTransaction, 'appId'>): Promise<App> {
  const app = await getApp(storage, tx.appId)
  if (!app)
    throw new BridgeError('unknown_app', {
      reason: 'app_deleted',
      message: `app ${tx.appId} deleted during sign-in`,
    })
  return app
}

/** The app accepts this connection, and the site did not name another one. */
export function assertConnectionAllowed(app: App, tx: LoginTransaction, connection: string) {
  if (!app.connections.includes(connection) || (tx.connection && tx.connection !== connection)) {
    throw new BridgeError('invalid_request', { reason: 'connection_not_enabled' })
  }
}
