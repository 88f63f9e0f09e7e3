/**
 * Ends a bridge session and queues a back-channel logout for every app it signed into that has a
 * back-channel logout URL. The deliveries are written to storage first, before the session and
 * its apps are forgotten, so a crash in between loses none (a second logout queues nothing new);
 * the worker of any bridge process sends them, so a slow or dead site never holds up the user's
 * logout, and a restart loses none. A failure to queue never stops the session from ending.
 */
import { queueBackchannelLogouts } from '../domain/backchannel-outbox.js'
import {
  deleteSession,
  deleteSessionByHash,
  getSession,
  sessionsOfUser,
} from '../domain/sessions.js'
import type { BridgeServices } from './env.js'

export async function endSession(
  services: BridgeServices,
  cookieValue: string | undefined,
  requestId: string,
): Promise<void> {
  const { storage, logger, backchannel } = services
  const session = await getSession(storage, cookieValue)
  const sid = session?.sid
  let queued = 0
  if (session && sid) {
    try {
      const giveUpAt = Date.now() + backchannel.sender.windowMs
      queued = await queueBackchannelLogouts(storage, { sid, userId: session.userId }, giveUpAt)
    } catch (error) {
      logger.error('back-channel logout not queued', {
        requestId,
        error: error instanceof Error ? error.name : typeof error,
      })
    }
  }
  await deleteSession(storage, cookieValue)
  if (!sid) return
  // Sessions of the OpenID Provider that this one signed in end with it (and their tokens).
  await services.openIdProvider.endSessionsOf(sid)
  if (queued) {
    backchannel.sender.wake()
    logger.info('back-channel logout queued', { requestId, apps: queued })
  }
}

/**
 * Ends every session of a user (a password reset): each one's sites are told through
 * back-channel logout, as when it signs out. Returns how many sessions ended.
 */
export async function endSessionsOfUser(
  services: BridgeServices,
  userId: string,
  requestId: string,
): Promise<number> {
  const { storage, logger, backchannel } = services
  const sessions = await sessionsOfUser(storage, userId)
  let queued = 0
  for (const { hash, session } of sessions) {
    if (session.sid) {
      try {
        const giveUpAt = Date.now() + backchannel.sender.windowMs
        queued += await queueBackchannelLogouts(storage, { sid: session.sid, userId }, giveUpAt)
      } catch (error) {
        logger.error('back-channel logout not queued', {
          requestId,
          error: error instanceof Error ? error.name : typeof error,
        })
      }
    }
    await deleteSessionByHash(storage, userId, hash)
    if (session.sid) await services.openIdProvider.endSessionsOf(session.sid)
  }
  if (queued) backchannel.sender.wake()
  if (sessions.length)
    logger.info('sessions of user ended', { requestId, sessions: sessions.length, apps: queued })
  return sessions.length
}
