/**
 * The end of an account link (sign-in/account-link.ts): the sign-in that proves the existing
 * account reached the finish, and the held identity is linked to that account, or refused.
 */
import type { App } from '../domain/apps.js'
import { recordAudit } from '../domain/audit-log.js'
import { IDENTITIES, linkIdentity } from '../domain/identity-links.js'
import type { LoginTransaction, PendingLink } from '../domain/login-transactions.js'
import type { User } from '../domain/users.js'
import { BridgeError } from '../errors.js'
import { auditSignIn } from './audit.js'
import type { SignInServices, Visit } from './services.js'

/** The held link, while it is live; an expired or missing one ends here. */
export function liveLink(tx: LoginTransaction, now = Date.now()): PendingLink {
  const link = tx.pendingLink
  if (!link || link.expiresAt <= now)
    throw new BridgeError('login_expired', {
      reason: 'account_link_expired',
      message: link ? 'account link expired' : 'no account link pending',
    })
  return link
}

/**
 * At the finish, with the transaction consumed: link the held identity to the user who just
 * signed in, when they are one of the accounts whose email matched. Anyone else proves nothing
 * about the held identity, so the sign-in is refused and nothing is linked.
 */
export async function completeLink(
  services: SignInServices,
  visit: Visit,
  input: { tx: LoginTransaction; app: App; user: User; connection: string },
): Promise<void> {
  if (!input.tx.pendingLink) return
  const link = liveLink(input.tx)
  const { storage } = services
  const attempt = { app: input.app.id, connection: input.connection, user: input.user.id }
  if (!link.matches.includes(input.user.id)) {
    await auditSignIn(services, visit.requestId, { ...attempt, reason: 'account_link_other_user' })
    throw new BridgeError('access_denied', {
      reason: 'account_link_other_user',
      message: 'signed in to an account the held identity did not match',
    })
  }
  const identity = {
    connection: link.connection,
    subject: link.identity.subject,
    email: link.identity.email,
  }
  if (!(await linkIdentity(storage, input.user.id, identity))) {
    // Linked meanwhile (a second tab, a concurrent sign-in): fine when to this very user.
    const owner = await storage.get(IDENTITIES, `${identity.connection}|${identity.subject}`)
    if (owner === input.user.id) return
    throw new BridgeError('conflict', {
      reason: 'account_link_taken',
      message: 'the held identity was linked to another user meanwhile',
    })
  }
  await recordAudit(storage, {
    event: 'user.identity_linked',
    actor: { type: 'user', id: input.user.id },
    app: input.app.id,
    connection: link.connection,
    user: input.user.id,
    after: { connection: link.connection, by: 'sign_in', provedWith: input.connection },
    requestId: visit.requestId,
  })
}
