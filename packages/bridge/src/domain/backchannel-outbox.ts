/**
 * Back-channel logouts as outbox entries: one per (app, sid), queued when the session ends, with
 * the `jti` every attempt's logout token carries, so a site that sees a repeat can drop it.
 */
import type { Storage } from '../storage/types.js'
import type { Session } from './sessions.js'
import { randomToken } from './random-token.js'
import { takeSignedInApps } from './backchannel-logout.js'

export const BACKCHANNEL_KIND = 'backchannel-logout'

/** What an entry holds; the app is its owner, its URL and keys are read at send time. */
export interface BackchannelPayload {
  sid: string
  userId: string
  jti: string
}

/**
 * Queues a delivery to every app the session signed into that has a back-channel logout URL, then
 * forgets the session's apps: a crash between the two leaves the apps, and a second logout queues
 * nothing new (one entry per app and sid). Returns how many it queued.
 */
export async function queueBackchannelLogouts(
  storage: Storage,
  session: Pick<Session, 'sid' | 'userId'> & { sid: string },
  giveUpAt: number,
): Promise<number> {
  return takeSignedInApps(storage, session.sid, (apps) =>
    storage.outbox.enqueue(
      apps.map((app) => ({
        kind: BACKCHANNEL_KIND,
        dedupeKey: `${app.id}|${session.sid}`,
        owner: app.id,
        payload: { sid: session.sid, userId: session.userId, jti: randomToken(16) },
        giveUpAt,
      })),
    ),
  )
}
