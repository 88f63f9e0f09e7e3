/**
 * Ends a bridge session and tells every app it signed into that has a back-channel logout URL.
 * The logout tokens are minted here and sent in the background: a slow or dead site never holds
 * up the user's logout, and a failure to notify never stops the session from ending.
 */
import { takeSignedInApps } from '../domain/backchannel-logout.js'
import type { BackchannelJob } from '../domain/backchannel-sender.js'
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
    const apps = await takeSignedInApps(storage, sid)
    const jobs: BackchannelJob[] = await Promise.all(
      apps.map(async (app) => ({
        appId: app.id,
        url: app.backchannelLogoutUrl as string,
        allowPrivateNetwork: app.dangerouslyAllowPrivateNetwork,
        logoutToken: await backchannel.mint({ app, userId: session.userId, sid }),
      })),
    )
    backchannel.sender.send(jobs)
    if (jobs.length) logger.info('back-channel logout started', { requestId, apps: jobs.length })
  } catch (error) {
    logger.error('back-channel logout not started', {
      requestId,
      error: error instanceof Error ? error.name : typeof error,
    })
  }
}
