/**
 * The routes' way to end sessions (domain/session-ending.ts): the sign-out of the cookie's
 * session, and every session of a user.
 */
import type { SessionEndReason } from '../domain/lifecycle-events.js'
import {
  endSessionByHash,
  endSessionsOfUser as endAll,
  type SessionEnding,
} from '../domain/session-ending.js'
import { sha256 } from '../domain/secret-hash.js'
import { getSession } from '../domain/sessions.js'
import type { BridgeServices } from './env.js'

export const sessionEndingOf = (services: BridgeServices): SessionEnding => ({
  storage: services.storage,
  logger: services.logger,
  backchannel: {
    windowMs: services.backchannel.sender.windowMs,
    wake: () => services.backchannel.sender.wake(),
  },
  endProviderSessions: (sid) => services.openIdProvider.endSessionsOf(sid),
  wakeWebhooks: () => services.webhooks.wake(),
})

/** Signs the cookie's session out (a cookie with no live session ends nothing). */
export async function endSession(
  services: BridgeServices,
  cookieValue: string | undefined,
  requestId: string,
): Promise<void> {
  const session = await getSession(services.storage, cookieValue)
  if (!session || !cookieValue) return
  const { backchannel } = await endSessionByHash(
    sessionEndingOf(services),
    { hash: sha256(cookieValue), session },
    { requestId, reason: 'logout' },
  )
  if (backchannel)
    services.logger.info('back-channel logout queued', { requestId, apps: backchannel })
}

/** Ends every session of a user; each one's sites are told through back-channel logout. */
export const endSessionsOfUser = (
  services: BridgeServices,
  userId: string,
  requestId: string,
  reason: SessionEndReason = 'password_reset',
): Promise<number> => endAll(sessionEndingOf(services), userId, { requestId, reason })
