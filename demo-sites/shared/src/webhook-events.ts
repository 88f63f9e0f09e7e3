// What the bridge told this site (its signed webhooks), kept in the site's own database: each
// event once (by its webhook-id), applied to the users and sessions it is about, and listed on
// the /events page.
import type { WebhookEvent } from '@ssobridge/verify'
import type { SiteDatabase } from './database.js'
import { deleteBridgeSessions, deleteUserSessions } from './sessions.js'

export interface ReceivedEvent {
  id: string
  type: string
  sub: string
  /** What the event said beyond its type: the changed fields, the reason, the factor. */
  detail: string | null
  occurredAt: string
  receivedAt: number
}

/** How many events the page shows, and the table keeps. */
export const KEPT_EVENTS = 50

const text = (value: unknown) => (typeof value === 'string' ? value : null)

function detailOf(event: WebhookEvent): string | null {
  const { changed, reason, factor } = event.data
  if (changed?.length) return `changed: ${changed.join(', ')}`
  if (reason) return `reason: ${reason}`
  if (factor) return `factor: ${factor}`
  return null
}

/**
 * Records a verified event and applies it; false when this `webhook-id` was seen before (a
 * retry of a delivery whose answer was lost), which changes nothing.
 */
export function receiveEvent(db: SiteDatabase, event: WebhookEvent, now: number): boolean {
  const { sub } = event.data.user
  return db.transaction(() => {
    const inserted = db
      .prepare(
        `INSERT OR IGNORE INTO webhook_events (id, type, sub, detail, occurred_at, received_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(event.id, event.type, sub, detailOf(event), event.timestamp, now)
    if (inserted.changes === 0) return false
    applyEvent(db, event)
    db.prepare(
      `DELETE FROM webhook_events WHERE id NOT IN
         (SELECT id FROM webhook_events ORDER BY received_at DESC, rowid DESC LIMIT ?)`,
    ).run(KEPT_EVENTS)
    return true
  })()
}

function applyEvent(db: SiteDatabase, event: WebhookEvent): void {
  const { user, sid } = event.data
  switch (event.type) {
    case 'user.updated':
      // Only what the event carries: a claim this app may not see is not there to copy.
      db.prepare(
        `UPDATE users SET
           email = CASE WHEN ? THEN ? ELSE email END,
           name = CASE WHEN ? THEN ? ELSE name END
         WHERE sub = ?`,
      ).run(
        'email' in user ? 1 : 0,
        text(user.email),
        'name' in user ? 1 : 0,
        text(user.name),
        user.sub,
      )
      return
    case 'user.deleted':
      // Its sessions go with it (ON DELETE CASCADE).
      db.prepare('DELETE FROM users WHERE sub = ?').run(user.sub)
      return
    case 'user.disabled':
      deleteUserSessions(db, user.sub)
      return
    case 'session.ended':
      if (sid) deleteBridgeSessions(db, user.sub, sid)
      return
  }
}

/** The newest events first. */
export function recentEvents(db: SiteDatabase, limit = KEPT_EVENTS): ReceivedEvent[] {
  return db
    .prepare<[number], ReceivedEvent>(
      `SELECT id, type, sub, detail, occurred_at AS occurredAt, received_at AS receivedAt
       FROM webhook_events ORDER BY received_at DESC, rowid DESC LIMIT ?`,
    )
    .all(limit)
}
