/**
 * An app's webhook deliveries for the console and the API, from the outbox: what is pending,
 * delivered and failed, a page at a time, and replay (audited). A failed or pending delivery is
 * tried again now; a delivered one is queued again as a new delivery under the same `webhook-id`,
 * so a receiver that dedupes sees it once and one that lost it gets it again.
 */
import { recordAudit, type Actor } from '../domain/audit-log.js'
import {
  WEBHOOK_GIVE_UP_MS,
  WEBHOOK_KIND,
  type WebhookPayload,
} from '../domain/lifecycle-events.js'
import { randomToken } from '../domain/random-token.js'
import type { Json } from '../storage/json-value.js'
import type { OutboxEntry } from '../storage/outbox-types.js'
import {
  appDeliveries,
  attemptsOf,
  outboxPage,
  type OutboxAttempts,
} from './backchannel-deliveries.js'
import type { AdminDeps } from './context.js'
import { conflict } from './input.js'

/** What the admin sees of a delivery: the event's type and id, never the user or the body. */
export interface WebhookDeliveryView extends OutboxAttempts {
  id: string
  app: string
  endpoint: string
  type: string
  /** The `webhook-id` the receiver saw. */
  eventId: string
  /** A replay: the delivery it repeats. */
  replayOf?: string
}

export interface WebhookDeliveryPage {
  deliveries: WebhookDeliveryView[]
  /** Pass as `cursor` for the next (older) page; absent on the last one. */
  nextCursor?: string
}

/** What a replay adds to the payload it copies (the sender ignores it). */
type ReplayedPayload = WebhookPayload & { replayOf?: string; replay?: string }

const view = (entry: OutboxEntry): WebhookDeliveryView => {
  const payload = entry.payload as unknown as ReplayedPayload
  return {
    id: entry.id,
    app: entry.owner,
    endpoint: payload.endpointId,
    type: payload.type,
    eventId: payload.eventId,
    ...(payload.replayOf ? { replayOf: payload.replayOf } : {}),
    ...attemptsOf(entry),
  }
}

export function webhookDeliveryService(deps: AdminDeps) {
  const { storage } = deps
  const now = deps.now ?? Date.now

  const { appOf, entryOf } = appDeliveries(storage, WEBHOOK_KIND)

  /** A delivered one again, as a new entry: the outbox keeps one entry per (endpoint, event). */
  async function requeue(entry: OutboxEntry, at: number): Promise<OutboxEntry> {
    const payload = entry.payload as unknown as ReplayedPayload
    const replay = randomToken(12)
    const copy: ReplayedPayload = { ...payload, replayOf: entry.id, replay }
    await storage.outbox.enqueue([
      {
        kind: WEBHOOK_KIND,
        dedupeKey: `${payload.endpointId}|${payload.eventId}|replay:${replay}`,
        owner: entry.owner,
        payload: copy as unknown as Json,
        giveUpAt: at + WEBHOOK_GIVE_UP_MS,
      },
    ])
    const newest = await storage.outbox.list({ kind: WEBHOOK_KIND, owner: entry.owner, limit: 50 })
    const made = newest.find((e) => (e.payload as unknown as ReplayedPayload).replay === replay)
    if (!made) throw new Error('replayed webhook delivery not found after queueing it')
    return made
  }

  return {
    async list(
      appId: string,
      options: { state?: OutboxEntry['state']; cursor?: string; limit?: number } = {},
    ): Promise<WebhookDeliveryPage> {
      await appOf(appId)
      const { items, nextCursor } = await outboxPage(
        storage,
        { kind: WEBHOOK_KIND, owner: appId, ...options },
        view,
      )
      return { deliveries: items, ...(nextCursor ? { nextCursor } : {}) }
    },

    async get(appId: string, id: string): Promise<WebhookDeliveryView> {
      await appOf(appId)
      return view(await entryOf(appId, id))
    },

    /** Tried again now (a pending or failed one), or queued again (a delivered one). */
    async replay(actor: Actor, appId: string, id: string): Promise<WebhookDeliveryView> {
      const app = await appOf(appId)
      const before = await entryOf(appId, id)
      const { endpointId } = before.payload as unknown as WebhookPayload
      if (!app.webhooks?.some((e) => e.id === endpointId))
        throw conflict('The endpoint of this delivery has been removed.')
      const at = now()
      let after: OutboxEntry
      if (before.state === 'delivered') after = await requeue(before, at)
      else if (await storage.outbox.retryNow(WEBHOOK_KIND, id, at + WEBHOOK_GIVE_UP_MS))
        after = await entryOf(appId, id)
      // Delivered between the read and the retry: queued again like any delivered one.
      else after = await requeue(before, at)
      deps.webhooks?.wake()
      await recordAudit(
        storage,
        {
          event: 'app.webhook_replayed',
          actor,
          app: appId,
          target: { type: 'webhook_delivery', id },
          before: { state: before.state, attempts: before.attempts },
          after: { delivery: after.id, state: after.state, nextAttemptAt: after.nextAttemptAt },
        },
        at,
      )
      return view(after)
    },
  }
}

export type WebhookDeliveryService = ReturnType<typeof webhookDeliveryService>
