/**
 * What every member form of a sign-in checks first: same origin, the login transaction of this
 * very browser, its CSRF token, the app, and the local connection the app signs in with.
 */
import type { Context } from 'hono'
import { z } from 'zod'
import type { App } from '../domain/apps.js'
import { appConnections, type LocalConnection } from '../domain/connections.js'
import { rotateCsrf, type LoginTransaction } from '../domain/login-transactions.js'
import { safeEqual } from '../domain/secret-hash.js'
import { BridgeError } from '../errors.js'
import { loadApp, loadTransaction } from '../sign-in/load.js'
import { choose } from '../sign-in/state.js'
import type { Visit } from '../sign-in/services.js'
import type { CookieJar } from './cookies.js'
import { visitOf } from './deliver.js'
import { formLimit } from './form-limit.js'
import type { BridgeEnv, BridgeServices } from './env.js'
import { notePage, pageOf } from './page.js'
import { opaqueId } from './params.js'

export const txField = opaqueId()
export const txFields = { tx: txField, csrf: z.string().min(1).max(64) }

/** Member forms are a few short fields: anything bigger is refused unread. */
export const memberFormLimit = formLimit(16 * 1024)

export interface MemberSignIn {
  visit: Visit
  tx: LoginTransaction
  app: App
  /** The local connection of this sign-in, if it has one. */
  local?: LocalConnection
}

/** The sign-in a page (GET, no CSRF) or a form (POST, with CSRF) belongs to. */
export async function memberSignIn(
  c: Context<BridgeEnv>,
  services: BridgeServices,
  jar: CookieJar,
  id: string,
  csrf?: string,
): Promise<MemberSignIn> {
  const visit = visitOf(c, jar)
  const tx = await loadTransaction(services.storage, visit, id)
  notePage(c, { tx })
  if (csrf !== undefined && !safeEqual(csrf, tx.csrf))
    throw new BridgeError('csrf_failed', {
      reason: 'csrf_token_mismatch',
      message: 'csrf token mismatch',
    })
  const app = await loadApp(services.storage, tx)
  notePage(c, { app })
  const connections = await appConnections(
    services.storage,
    tx.connection ? [tx.connection] : app.connections,
  )
  const local = connections.find((u): u is LocalConnection => u.type === 'local')
  return { visit, tx, app, local }
}

/** The local connection, or the refusal a page of a sign-in without one gets. */
export function requireLocal(signIn: MemberSignIn, refusal: BridgeError): LocalConnection {
  if (!signIn.local) throw refusal
  return signIn.local
}

/**
 * What a member form hands the sign-in (its transaction, app and connection, the client and the
 * page's language), and a fresh CSRF token for the page that follows: a captured form is not
 * replayed.
 */
export async function memberRequest(
  c: Context<BridgeEnv>,
  services: BridgeServices,
  signIn: MemberSignIn,
  txId: string,
  connection: LocalConnection,
) {
  const next = await rotateCsrf(services.storage, txId, signIn.tx, choose(signIn.tx.progress))
  return {
    csrf: next.csrf,
    request: {
      txId,
      tx: signIn.tx,
      app: signIn.app,
      connection,
      clientAddress: services.clientAddress(c),
      locale: pageOf(c).locale,
    },
  }
}
