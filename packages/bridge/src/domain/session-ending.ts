/**
 * Ending bridge sessions: one (sign-out) or every one of a user (a reset password, an admin, a
 * disabled or deprovisioned user). Each ended session's back-channel logouts are written to the
 * outbox first, before the session and its apps are forgotten, so a crash in between loses none
 * (a second ending queues nothing new); the worker of any bridge process sends them, so a slow
 * or dead site never holds up the ending. A failure to queue never stops a session from ending.
 * The OpenID Provider's sessions that a bridge session signed in end with it, and every app that
 * hears of the user is sent `session.ended`.
 */
import type { Logger } from '../logger.js'
import type { Storage } from '../storage/types.js'
import { queueBackchannelLogouts } from './backchannel-outbox.js'
import { publishUserEvent, type SessionEndReason, type WakeSender } from './lifecycle-events.js'
import { deleteSessionByHash, sessionsOfUser, type Session } from './sessions.js'
import { getUser } from './users.js'

/** What ending a session needs beyond storage: the parts of the bridge it tells. */
export interface SessionEnding {
  storage: Storage
  logger: Logger
  /** How long back-channel deliveries are tried, and the sender to wake when some are queued. */
  backchannel: { windowMs: number; wake(): void }
  /** Ends the OpenID Provider's sessions that this `sid` signed in. */
  endProviderSessions(sid: string): Promise<void>
  /** Wakes the webhook sender when events were queued. */
  wakeWebhooks?: WakeSender
}

/** Ends one session, already found by the hash storage keys it with. */
export async function endSessionByHash(
  ending: SessionEnding,
  found: { hash: string; session: Session },
  context: { requestId?: string; reason: SessionEndReason },
): Promise<{ backchannel: number }> {
  const { storage, logger } = ending
  const { session, hash } = found
  let queued = 0
  if (session.sid) {
    try {
      const giveUpAt = Date.now() + ending.backchannel.windowMs
      queued = await queueBackchannelLogouts(
        storage,
        { sid: session.sid, userId: session.userId },
        giveUpAt,
      )
    } catch (error) {
      logger.error('back-channel logout not queued', {
        requestId: context.requestId,
        error: error instanceof Error ? error.name : typeof error,
      })
    }
  }
  await deleteSessionByHash(storage, session.userId, hash)
  if (session.sid) await ending.endProviderSessions(session.sid)
  if (queued) ending.backchannel.wake()
  const user = await getUser(storage, session.userId)
  if (user)
    await publishUserEvent(
      storage,
      { type: 'session.ended', sid: session.sid, reason: context.reason },
      user,
      { wake: ending.wakeWebhooks },
    ).catch((error: unknown) => {
      logger.error('webhook event not queued', {
        requestId: context.requestId,
        error: error instanceof Error ? error.name : typeof error,
      })
    })
  return { backchannel: queued }
}

/** Ends every live session of a user; returns how many ended. */
export async function endSessionsOfUser(
  ending: SessionEnding,
  userId: string,
  context: { requestId?: string; reason: SessionEndReason },
): Promise<number> {
  const sessions = await sessionsOfUser(ending.storage, userId)
  let apps = 0
  for (const found of sessions) apps += (await endSessionByHash(ending, found, context)).backchannel
  if (sessions.length)
    ending.logger.info('sessions of user ended', {
      requestId: context.requestId,
      sessions: sessions.length,
      apps,
      reason: context.reason,
    })
  return sessions.length
}
