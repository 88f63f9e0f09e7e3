/**
 * Ends a bridge session and queues a back-channel logout for every app it signed into that has a
 * back-channel logout URL, in storage, before the session's apps are forgotten: the worker of any
 * bridge process delivers them, so a slow or dead site never holds up the user's logout, and a
 * restart loses none. A failure to queue never stops the session from ending.
 */
import { queueBackchannelLogouts } from '../domain/backchannel-outbox.js'
import { deleteSession, getSession } from '../domain/sessions.js'
import type { BridgeServices } from './env.js'

export async function endSession(
  services: BridgeServices,
  cookieValue: string | undefined,
  requestId: string,
): Promise<void> {
  const { storage, logger, backchannel } = services
  const session = await getSession(storage, cookieValue)
  await deleteSession(storage, cookieValue)
  if (!session?.sid) return
  const sid = session.sid
  // Sessions of the OpenID Provider that this one signed in end with it (and their tokens).
  await services.openIdProvider.endSessionsOf(sid)
  try {
    const giveUpAt = Date.now() + backchannel.sender.windowMs
    const queued = await queueBackchannelLogouts(storage, { sid, userId: session.userId }, giveUpAt)
    if (queued) {
      backchannel.sender.wake()
      logger.info('back-channel logout queued', { requestId, apps: queued })
    }
  } catch (error) {
    logger.error('back-channel logout not queued', {
      requestId,
      error: error instanceof Error ? error.name : typeof error,
    })
  }
}
