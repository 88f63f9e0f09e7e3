/**
 * An app's back-channel logout deliveries for the console and the API: what is pending, delivered
 * and failed, a page at a time, and "retry now" (audited), which gives the delivery a fresh window.
 */
import { getApp } from '../domain/apps.js'
import { recordAudit, type Actor } from '../domain/audit-log.js'
import { defaultBackoff } from '../domain/backchannel-backoff.js'
import { BACKCHANNEL_KIND } from '../domain/backchannel-outbox.js'
import { idPattern } from '../config/common-fields.js'
import type { OutboxEntry } from '../storage/outbox-types.js'
import type { AdminDeps } from './context.js'
import { conflict, notFound } from './input.js'

export const MAX_DELIVERY_PAGE = 100
export const deliveryStates = ['pending', 'delivered', 'failed'] as const

/** How an outbox entry's attempts went: what the admin sees of any delivery, email or logout. */
export interface OutboxAttempts {
  state: OutboxEntry['state']
  attempts: number
  createdAt: number
  /** When the next attempt is due (pending only). */
  nextAttemptAt?: number
  /** Attempts stop after this. */
  giveUpAt: number
  lastAttemptAt?: number
  /** The site's HTTP status or the SMTP reply code of the last answer, if any. */
  lastStatus?: number
  /** Why the last attempt failed: a short code. */
  lastError?: string
  deliveredAt?: number
}

export const attemptsOf = (entry: OutboxEntry): OutboxAttempts => ({
  state: entry.state,
  attempts: entry.attempts,
  createdAt: entry.createdAt,
  ...(entry.state === 'pending' ? { nextAttemptAt: entry.nextAttemptAt } : {}),
  giveUpAt: entry.giveUpAt,
  ...(entry.lastAttemptAt !== undefined ? { lastAttemptAt: entry.lastAttemptAt } : {}),
  ...(entry.lastStatus !== undefined ? { lastStatus: entry.lastStatus } : {}),
  ...(entry.lastError !== undefined ? { lastError: entry.lastError } : {}),
  ...(entry.deliveredAt !== undefined ? { deliveredAt: entry.deliveredAt } : {}),
})

/** What the admin sees of a delivery: its outcome, never the session, user or token. */
export interface DeliveryView extends OutboxAttempts {
  id: string
  app: string
}

export interface DeliveryPage {
  deliveries: DeliveryView[]
  /** Pass as `cursor` for the next (older) page; absent on the last one. */
  nextCursor?: string
}

/**
 * One page of an outbox kind, newest first, as `view` shows each entry; `nextCursor` when there
 * are older ones. The log of every delivery kind the admin sees is read this way.
 */
export async function outboxPage<T extends { id: string }>(
  storage: AdminDeps['storage'],
  query: {
    kind: string
    owner?: string
    state?: OutboxEntry['state']
    cursor?: string
    limit?: number
  },
  view: (entry: OutboxEntry) => T,
  maxPage = MAX_DELIVERY_PAGE,
): Promise<{ items: T[]; nextCursor?: string }> {
  const limit = Math.min(query.limit ?? 50, maxPage)
  // One more than asked: whether there is a next page.
  const entries = await storage.outbox.list({
    kind: query.kind,
    owner: query.owner,
    state: query.state,
    before: query.cursor,
    limit: limit + 1,
  })
  const items = entries.slice(0, limit).map(view)
  const last = items.at(-1)
  return entries.length > limit && last ? { items, nextCursor: last.id } : { items }
}

/** An app, and one of its deliveries of `kind`, by ids from a URL: not found unless both are. */
export function appDeliveries(storage: AdminDeps['storage'], kind: string) {
  return {
    async appOf(appId: string) {
      const app = idPattern.test(appId) ? await getApp(storage, appId) : undefined
      if (!app) throw notFound('app', appId)
      return app
    },
    async entryOf(appId: string, id: string) {
      const entry = isDeliveryCursor(id) ? await storage.outbox.get(kind, id) : undefined
      if (!entry || entry.owner !== appId) throw notFound('delivery', id)
      return entry
    },
  }
}

const DELIVERY_ID = /^\d{13}-[A-Za-z0-9_-]{12}$/
export const isDeliveryCursor = (value: string) => DELIVERY_ID.test(value)

const view = (entry: OutboxEntry): DeliveryView => ({
  id: entry.id,
  app: entry.owner,
  ...attemptsOf(entry),
})

export function deliveryService(deps: AdminDeps) {
  const { storage } = deps
  const now = deps.now ?? Date.now

  const { appOf, entryOf } = appDeliveries(storage, BACKCHANNEL_KIND)

  return {
    async list(
      appId: string,
      options: { state?: DeliveryView['state']; cursor?: string; limit?: number } = {},
    ): Promise<DeliveryPage> {
      await appOf(appId)
      const { items, nextCursor } = await outboxPage(
        storage,
        { kind: BACKCHANNEL_KIND, owner: appId, ...options },
        view,
      )
      return { deliveries: items, ...(nextCursor ? { nextCursor } : {}) }
    },

    /** Due at once, and tried for a full window from now; a delivered one cannot be. */
    async retry(actor: Actor, appId: string, id: string): Promise<DeliveryView> {
      await appOf(appId)
      const before = await entryOf(appId, id)
      const at = now()
      if (!(await storage.outbox.retryNow(BACKCHANNEL_KIND, id, at + defaultBackoff.windowMs)))
        throw conflict('This delivery has already been delivered.')
      const after = await entryOf(appId, id)
      // Audited under the app: a back-channel delivery is part of how the app hears of logouts.
      await recordAudit(
        storage,
        {
          event: 'app.backchannel_delivery_retried',
          actor,
          app: appId,
          target: { type: 'backchannel_delivery', id },
          before: { state: before.state, nextAttemptAt: before.nextAttemptAt },
          after: { state: after.state, nextAttemptAt: after.nextAttemptAt },
        },
        at,
      )
      return view(after)
    },
  }
}
