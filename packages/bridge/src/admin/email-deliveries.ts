/**
 * The member emails in the outbox for the console and the API: pending, sent and failed, newest
 * first, a page at a time, and "retry now" (audited as `email.retried`). An admin sees the
 * template and the recipient's domain, kept in clear beside the sealed message: never the address
 * or the body, which carry codes and links that sign someone in.
 */
import { idPattern } from '../config/common-fields.js'
import { recordAudit, type Actor } from '../domain/audit-log.js'
import { EMAIL_KIND, type EmailPayload } from '../email/email-outbox.js'
import { defaultEmailSender } from '../email/email-sender.js'
import type { OutboxEntry } from '../storage/outbox-types.js'
import {
  attemptsOf,
  outboxPage,
  isDeliveryCursor,
  MAX_DELIVERY_PAGE,
  type OutboxAttempts,
} from './backchannel-deliveries.js'
import type { AdminDeps } from './context.js'
import { conflict, notFound } from './input.js'

export const MAX_EMAIL_PAGE = MAX_DELIVERY_PAGE
export const emailStates = ['pending', 'delivered', 'failed'] as const
/** Email entries' ids have the back-channel ones' shape: the outbox hands out both. */
export const isEmailCursor = isDeliveryCursor

/** What the admin sees of an email: where it went (the domain) and how its attempts went. */
export interface EmailDeliveryView extends OutboxAttempts {
  id: string
  /** The connection of the member it was sent to. */
  connection: string
  template: string
  recipientDomain: string
}

export interface EmailDeliveryPage {
  emails: EmailDeliveryView[]
  /** Pass as `cursor` for the next (older) page; absent on the last one. */
  nextCursor?: string
}

// The clear fields only; the payload is read as untrusted JSON, since another version wrote it.
const clear = (entry: OutboxEntry) => {
  const payload = (entry.payload ?? {}) as Partial<EmailPayload>
  return {
    template: typeof payload.template === 'string' ? payload.template : 'unknown',
    recipientDomain: typeof payload.domain === 'string' ? payload.domain : 'unknown',
  }
}

const view = (entry: OutboxEntry): EmailDeliveryView => ({
  id: entry.id,
  connection: entry.owner,
  ...clear(entry),
  ...attemptsOf(entry),
})

export interface EmailListOptions {
  state?: EmailDeliveryView['state']
  /** Only the emails of this connection's members. */
  connection?: string
  cursor?: string
  limit?: number
}

export function emailDeliveryService(deps: AdminDeps) {
  const { storage } = deps
  const now = deps.now ?? Date.now

  async function entryOf(id: string) {
    const entry = isEmailCursor(id) ? await storage.outbox.get(EMAIL_KIND, id) : undefined
    if (!entry) throw notFound('email', id)
    return entry
  }

  return {
    /** A connection id that names none lists nothing: its emails may outlive it. */
    async list(options: EmailListOptions = {}): Promise<EmailDeliveryPage> {
      const limit = Math.min(options.limit ?? 50, MAX_EMAIL_PAGE)
      const { connection } = options
      if (connection !== undefined && !idPattern.test(connection)) return { emails: [] }
      const { items, nextCursor } = await outboxPage(
        storage,
        {
          kind: EMAIL_KIND,
          owner: connection,
          state: options.state,
          cursor: options.cursor,
          limit,
        },
        view,
        MAX_EMAIL_PAGE,
      )
      return { emails: items, ...(nextCursor ? { nextCursor } : {}) }
    },

    async get(id: string): Promise<EmailDeliveryView> {
      return view(await entryOf(id))
    },

    /**
     * Due at once and tried for a full window from now; a sent one cannot be. Nothing is woken:
     * every bridge process's worker polls the outbox, and whichever claims it first sends it.
     */
    async retry(actor: Actor, id: string): Promise<EmailDeliveryView> {
      const before = await entryOf(id)
      const at = now()
      const giveUpAt = at + defaultEmailSender.backoff.windowMs
      if (!(await storage.outbox.retryNow(EMAIL_KIND, id, giveUpAt)))
        throw conflict('This email has already been sent.')
      const after = await entryOf(id)
      await recordAudit(
        storage,
        {
          event: 'email.retried',
          actor,
          connection: before.owner,
          target: { type: 'email', id },
          before: { state: before.state, attempts: before.attempts, lastError: before.lastError },
          after: { state: after.state, nextAttemptAt: after.nextAttemptAt, ...clear(after) },
        },
        at,
      )
      return view(after)
    },
  }
}
