/**
 * Lifecycle events: what happened to a user (created, changed, disabled, deleted, a session began
 * or ended, a factor or password changed). Each is queued in the durable outbox (kind `webhook`)
 * once per endpoint of every app that may hear of that user: an app hears only of users of its
 * own connections. The payload keeps a snapshot of the user, so a deleted user's event still
 * says who; what of it an app receives (its own `sub`, only the claims it may see) is decided at
 * send time (webhook-sender.ts). Payloads never carry a secret or a token.
 */
import type { Json, Storage } from '../storage/types.js'
import { APPS, type App } from './apps.js'
import { randomToken } from './random-token.js'
import type { User } from './users.js'
import { lifecycleEventTypes, type LifecycleEventType } from './lifecycle-event-types.js'

export { lifecycleEventTypes, type LifecycleEventType }

/** Why a session ended, as `session.ended` says it. */
export type SessionEndReason =
  | 'logout'
  | 'user'
  | 'admin'
  | 'user_disabled'
  | 'user_deleted'
  | 'password_reset'
  | 'deprovisioned'

export interface LifecycleEvent {
  type: LifecycleEventType
  /** user.updated: the user's fields that changed (`email`, `name`, `groups`…), never values. */
  changed?: string[]
  /** session.*: the session's public id (`sid`, as in the tokens and logout tokens). */
  sid?: string
  /** session.started: the app the session first signed into, when there was one. */
  app?: string
  /** session.ended */
  reason?: SessionEndReason
  /** mfa.*: which factor. */
  factor?: 'totp' | 'passkey' | 'recovery_codes'
}

/** What the outbox keeps of the user: the profile the claims are made of, nothing secret. */
export interface UserSnapshot {
  id: string
  connection: string
  email: string
  emailVerified: boolean
  name?: string
  givenName?: string
  familyName?: string
  groups?: string[]
  picture?: string
  disabled: boolean
}

export const WEBHOOK_KIND = 'webhook'

/** One outbox entry: one event for one endpoint of one app (the entry's owner). */
export interface WebhookPayload extends LifecycleEvent {
  /** The Standard Webhooks `webhook-id`: the same in every attempt, so receivers can dedupe. */
  eventId: string
  endpointId: string
  /** Epoch ms of the event. */
  at: number
  user: UserSnapshot
}

/** Events are retried for up to three days (the outbox gives up after that). */
export const WEBHOOK_GIVE_UP_MS = 3 * 24 * 3600_000

export const snapshotOf = (user: User): UserSnapshot => ({
  id: user.id,
  connection: user.connection,
  email: user.email,
  emailVerified: user.emailVerified,
  ...(user.name !== undefined && { name: user.name }),
  ...(user.givenName !== undefined && { givenName: user.givenName }),
  ...(user.familyName !== undefined && { familyName: user.familyName }),
  ...(user.groups !== undefined && { groups: user.groups }),
  ...(user.picture !== undefined && { picture: user.picture }),
  disabled: user.disabled,
})

/** The apps that may hear of a user of this connection (an app without connections hears none). */
const hearsOf = (app: App, user: User) => app.connections.includes(user.connection)

const wants = (endpoint: NonNullable<App['webhooks']>[number], type: LifecycleEventType) =>
  !endpoint.disabled && (!endpoint.events?.length || endpoint.events.includes(type))

/** Hook the webhook sender registers to be woken when something is queued. */
export type WakeSender = () => void

/**
 * Queues the event for every endpoint that wants it; returns how many entries it queued. The
 * user is passed in (as it is after the change, or as it was before a deletion).
 */
export async function publishUserEvent(
  storage: Storage,
  event: LifecycleEvent,
  user: User,
  options: { now?: number; wake?: WakeSender } = {},
): Promise<number> {
  const at = options.now ?? Date.now()
  const eventId = `msg_${randomToken(16)}`
  const entries = []
  for (const { value: app } of await storage.list(APPS, { limit: 10_000 })) {
    if (!app.webhooks?.length || !hearsOf(app, user)) continue
    for (const endpoint of app.webhooks) {
      if (!wants(endpoint, event.type)) continue
      const payload: WebhookPayload = {
        ...event,
        eventId,
        endpointId: endpoint.id,
        at,
        user: snapshotOf(user),
      }
      entries.push({
        kind: WEBHOOK_KIND,
        dedupeKey: `${endpoint.id}|${eventId}`,
        owner: app.id,
        payload: payload as unknown as Json,
        giveUpAt: at + WEBHOOK_GIVE_UP_MS,
      })
    }
  }
  const queued = entries.length ? await storage.outbox.enqueue(entries) : 0
  if (queued) options.wake?.()
  return queued
}

/** The names of the profile fields that differ, for `user.updated`. */
export function changedFields(before: User, after: User): string[] {
  const a = snapshotOf(before) as unknown as Record<string, unknown>
  const b = snapshotOf(after) as unknown as Record<string, unknown>
  const names = new Set([...Object.keys(a), ...Object.keys(b)])
  return [...names].filter((name) => JSON.stringify(a[name]) !== JSON.stringify(b[name])).sort()
}
