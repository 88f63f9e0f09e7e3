/**
 * Account linking at sign-in. A first upstream sign-in whose verified email belongs to existing
 * users of the app's other connections is held (the link prompt) instead of making a new user:
 * the visitor either signs in to the existing account, through its own sign-in and second factor,
 * and the identity is linked to it at the finish, or continues as a separate account. The held
 * identity lives only in the login transaction, bound to this browser and consumed once; the
 * admin's `linkByVerifiedEmail` opt-in still links at once (domain/identities.ts).
 */
import type { App } from '../domain/apps.js'
import { getConnection, isUpstream, type UpstreamConnection } from '../domain/connections.js'
import { resolveIdentity, userForIdentity } from '../domain/identities.js'
import {
  rotateCsrf,
  type LoginTransaction,
  type PendingLink,
} from '../domain/login-transactions.js'
import type { UpstreamIdentity } from '../domain/upstream-identity.js'
import { userEventTeller } from '../domain/user-events.js'
import { BridgeError } from '../errors.js'
import { liveLink } from './complete-link.js'
import { firstFactor } from './first-factor.js'
import type { Outcome } from './outcome.js'
import { linkPromptPath, loginPath } from './paths.js'
import type { SignInServices, Visit } from './services.js'
import { answerLink, holdLink } from './state.js'

/** How long the prompt and the sign-in that proves the account may take, at most. */
export const LINK_TTL_SECONDS = 10 * 60

export interface UpstreamSignIn {
  txId: string
  tx: LoginTransaction
  app: App
  connection: UpstreamConnection
  identity: UpstreamIdentity
}

/**
 * The connections the visitor could prove an account in during this sign-in: the app's others,
 * unless the site named the one connection to use.
 */
const proofConnections = (app: App, tx: LoginTransaction, connection: string) =>
  tx.connection ? [] : app.connections.filter((id) => id !== connection)

/** An upstream IdP signed the visitor in: their user, or the prompt when the email is taken. */
export async function upstreamSignIn(
  services: SignInServices,
  visit: Visit,
  input: UpstreamSignIn,
): Promise<Outcome> {
  const { storage } = services
  const { txId, tx, app, connection, identity } = input
  const resolved = await resolveIdentity(storage, connection, identity, {
    proofFrom: proofConnections(app, tx, connection.id),
    tell: userEventTeller(services, visit.requestId),
  })
  if ('user' in resolved)
    return firstFactor(services, visit, {
      txId,
      tx,
      app,
      user: resolved.user,
      connection: connection.id,
      amr: identity.amr ?? [],
    })
  const pendingLink: PendingLink = {
    connection: connection.id,
    identity,
    matches: resolved.matches,
    expiresAt: Date.now() + LINK_TTL_SECONDS * 1000,
  }
  await rotateCsrf(storage, txId, { ...tx, pendingLink }, holdLink(tx.progress))
  services.logger.info('sign-in held for account linking', {
    requestId: visit.requestId,
    app: app.id,
    connection: connection.id,
  })
  return { kind: 'redirect', location: linkPromptPath(txId), status: 303 }
}

/** The prompt's answer: sign in to the existing account (login page), or a separate account. */
export async function answerLinkPrompt(
  services: SignInServices,
  visit: Visit,
  input: { txId: string; tx: LoginTransaction; app: App; choice: 'link' | 'separate' },
): Promise<Outcome> {
  const { storage } = services
  const { txId, tx, app } = input
  const link = liveLink(tx)
  const next = answerLink(tx.progress)
  if (input.choice === 'link') {
    await rotateCsrf(storage, txId, tx, next)
    return { kind: 'redirect', location: loginPath(txId), status: 303 }
  }
  const connection = await getConnection(storage, link.connection)
  if (!connection || !isUpstream(connection) || !app.connections.includes(connection.id))
    throw new BridgeError('invalid_request', { reason: 'connection_not_enabled' })
  // Dropped before the first factor, so the finish links nothing.
  const separate = await rotateCsrf(storage, txId, { ...tx, pendingLink: undefined }, next)
  const user = await userForIdentity(storage, connection, link.identity, {
    tell: userEventTeller(services, visit.requestId),
  })
  return firstFactor(services, visit, {
    txId,
    tx: separate,
    app,
    user,
    connection: connection.id,
    amr: link.identity.amr ?? [],
  })
}
