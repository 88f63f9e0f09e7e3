/**
 * Telling the apps what happened to a user, from wherever it happened (the admin, a sign-up, a
 * first upstream sign-in, the account pages, the config file). The event is queued in the outbox
 * (lifecycle-events.ts); a failure to queue is logged, never thrown: the user's own action has
 * happened by then and must stand, whatever the outbox does.
 */
import type { Logger } from '../logger.js'
import type { Storage } from '../storage/types.js'
import {
  changedFields,
  publishUserEvent,
  type LifecycleEvent,
  type WakeSender,
} from './lifecycle-events.js'
import type { User } from './users.js'

export interface UserEventDeps {
  storage: Storage
  logger: Logger
  /** Wakes the webhook sender once something is queued (without it, its next poll finds it). */
  wake?: WakeSender
}

/** What domain code that must not know the bridge is handed to tell of a change it made. */
export type TellUserEvent = (event: LifecycleEvent, user: User) => Promise<void>

/** The bridge's parts as the routes and the sign-in have them. */
export interface BridgeParts {
  storage: Storage
  logger: Logger
  /** The webhook sender (the running bridge has one). */
  webhooks?: { wake(): void }
}

export const userEventDepsOf = (services: BridgeParts): UserEventDeps => ({
  storage: services.storage,
  logger: services.logger,
  wake: services.webhooks && (() => services.webhooks?.wake()),
})

/** Queues the event for the apps that hear of the user; logs (ids and names only) if it cannot. */
export async function tellUserEvent(
  deps: UserEventDeps,
  event: LifecycleEvent,
  user: User,
  requestId?: string,
): Promise<void> {
  try {
    await publishUserEvent(deps.storage, event, user, { wake: deps.wake })
  } catch (error) {
    deps.logger.error('webhook event not queued', {
      requestId,
      event: event.type,
      user: user.id,
      error: error instanceof Error ? error.name : typeof error,
    })
  }
}

/** `user.updated` with the fields that changed; nothing when none did. */
export async function tellUserUpdated(
  deps: UserEventDeps,
  before: User,
  after: User,
  requestId?: string,
): Promise<void> {
  const changed = changedFields(before, after)
  if (changed.length) await tellUserEvent(deps, { type: 'user.updated', changed }, after, requestId)
}

/** A `TellUserEvent` bound to the bridge's parts and one request. */
export const userEventTeller =
  (services: BridgeParts, requestId?: string): TellUserEvent =>
  (event, user) =>
    tellUserEvent(userEventDepsOf(services), event, user, requestId)
