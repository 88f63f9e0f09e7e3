/**
 * Sends the emails in the outbox: each bridge process runs this worker, which claims due entries
 * of kind 'email' (a lease, so a process that dies mid-send leaves them to another), opens the
 * sealed message and hands it to the SMTP server with nodemailer, every wait bounded. A refusal
 * that asking again cannot change (5xx) is final at once; anything else is retried with backoff
 * until the entry's window closes. Final outcomes are audited (`email.sent`, `email.failed`) with
 * the owner, template, recipient domain and a reason code: never the address or the body.
 */
import { createTransport } from 'nodemailer'
import { recordAudit } from '../domain/audit-log.js'
import { defaultBackoff, nextAttemptAt, type BackoffPolicy } from '../domain/backchannel-backoff.js'
import type { SecretBox } from '../keys/secret-box.js'
import { createOutboxWorker, type OutboxSenderTuning } from '../domain/outbox-worker.js'
import type { Logger } from '../logger.js'
import type { OutboxClaim, OutboxOutcome } from '../storage/outbox-types.js'
import type { Storage } from '../storage/types.js'
import { EMAIL_KIND, openMessage, type EmailPayload, type SealedMessage } from './email-outbox.js'
import { smtpFailure, type SmtpFailure } from './smtp-outcome.js'
import type { EmailSettings } from './types.js'

/** How one attempt ended, as the metrics count it. */
export type EmailAttemptOutcome = 'sent' | 'retrying' | 'refused' | 'gave_up'

export interface EmailSender {
  /** How long a message is tried, from its enqueueing: where its outbox window ends. */
  readonly windowMs: number
  /** Something was enqueued: claim now rather than at the next poll. */
  wake(): void
  /** Resolves when no email is pending in storage any more (tests). */
  idle(): Promise<void>
  /** Claims nothing more and waits for the sends in flight (each bounded by its timeouts). */
  stop(): Promise<void>
  /** Emails waiting in the outbox, for every process. */
  depth(): Promise<number>
}

/**
 * `timeoutMs` is each SMTP wait (connecting, the greeting, any answer); the whole attempt gets
 * three. Each message in flight (`concurrency`) is one SMTP connection.
 */
export interface EmailSenderOptions extends OutboxSenderTuning {
  /** Undefined: this process sends nothing (and leaves the outbox to one that can). */
  settings?: EmailSettings
  storage: Storage
  box: SecretBox
  logger: Logger
  /** Each attempt's outcome with the message's template, for the metrics (never the recipient). */
  onOutcome?: (outcome: EmailAttemptOutcome, template: string) => void
}

export const defaultEmailSender = {
  timeoutMs: 10_000,
  pollMs: 2000,
  batch: 10,
  concurrency: 4,
  // A code lives 10 minutes and a link at most a day; an hour of retries covers an SMTP outage
  // that a person would still wait out, and no more.
  backoff: { baseDelayMs: 5000, maxDelayMs: 10 * 60_000, windowMs: 3600_000 },
}

type Attempt = { sent: true; status?: number } | ({ sent: false } & SmtpFailure)

const errorName = (error: unknown) => (error instanceof Error ? error.name : typeof error)

export function createEmailSender(options: EmailSenderOptions): EmailSender {
  const { storage, box, logger, settings } = options
  const now = options.now ?? Date.now
  const timeoutMs = options.timeoutMs ?? defaultEmailSender.timeoutMs
  const pollMs = options.pollMs ?? defaultEmailSender.pollMs
  const batch = options.batch ?? defaultEmailSender.batch
  const concurrency = options.concurrency ?? defaultEmailSender.concurrency
  const backoff: BackoffPolicy = {
    ...defaultBackoff,
    ...defaultEmailSender.backoff,
    ...options.backoff,
    ...(options.retryDelaysMs ? { delaysMs: options.retryDelaysMs } : {}),
  }
  const attemptMs = timeoutMs * 3
  // Long enough for the attempt and the write of its outcome; a dead process's claim ends with it.
  const leaseMs = attemptMs + 10_000

  async function send(config: EmailSettings, message: SealedMessage): Promise<Attempt> {
    const transport = createTransport({
      url: config.url,
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
      dnsTimeout: timeoutMs,
    })
    // A server that answers each command just in time must not hold a slot for ever either.
    const signal = AbortSignal.timeout(attemptMs)
    try {
      const info = await transport.sendMail({
        from: config.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        signal,
      })
      const status = Number(/^\d{3}/.exec(info.response ?? '')?.[0]) || undefined
      return { sent: true, status }
    } catch (error) {
      return { sent: false, ...smtpFailure(error) }
    } finally {
      transport.close()
    }
  }

  async function deliver(claim: OutboxClaim): Promise<number | undefined> {
    const payload = claim.payload as unknown as EmailPayload
    const fields = {
      connection: claim.owner,
      template: payload.template,
      domain: payload.domain,
      attempt: claim.attempts,
    }
    let message: SealedMessage | undefined
    try {
      message = openMessage(box, claim.owner, payload)
    } catch (error) {
      // Another master key, or a tampered row: no retry can open it.
      logger.error('email in the outbox cannot be opened', { ...fields, error: errorName(error) })
    }
    const result: Attempt =
      message && settings
        ? await send(settings, message)
        : { sent: false, final: true, reason: 'payload_unreadable' }
    let outcome: OutboxOutcome
    let due: number | undefined
    let audit: 'email.sent' | 'email.failed' | undefined
    if (result.sent) {
      outcome = { delivered: true, status: result.status }
      audit = 'email.sent'
      logger.info('email sent', fields)
      options.onOutcome?.('sent', payload.template)
    } else {
      const { status, reason } = result
      const retryAt = result.final
        ? undefined
        : nextAttemptAt(backoff, claim.attempts, claim.giveUpAt, now())
      outcome = { delivered: false, retryAt, status, error: reason }
      due = retryAt
      if (retryAt === undefined) {
        const final = result.final ? 'refused' : 'gave_up'
        audit = 'email.failed'
        logger.warn('email failed', { ...fields, status, reason, outcome: final })
        options.onOutcome?.(final, payload.template)
      } else {
        logger.info('email will retry', { ...fields, status, reason, retryAt })
        options.onOutcome?.('retrying', payload.template)
      }
    }
    try {
      const settled = await storage.outbox.settle(claim, outcome)
      // Audited by whoever holds the lease, so an entry is audited once however many try it.
      if (settled && audit) {
        const failed = !result.sent && audit === 'email.failed'
        await recordAudit(storage, {
          event: audit,
          actor: { type: 'anonymous', id: 'email-outbox' },
          connection: claim.owner,
          target: { type: 'email', id: claim.id },
          reason: failed ? (result.final ? result.reason : 'gave_up') : undefined,
          after: {
            template: payload.template,
            recipientDomain: payload.domain,
            attempts: claim.attempts,
            ...(result.status === undefined ? {} : { status: result.status }),
            ...(failed && !result.final ? { lastError: result.reason } : {}),
          },
        })
      }
    } catch (error) {
      logger.error('email outcome not recorded', { ...fields, error: errorName(error) })
    }
    return due
  }

  const worker = createOutboxWorker({
    kind: EMAIL_KIND,
    logger,
    label: 'email',
    leaseMs,
    pollMs,
    batch,
    concurrency,
    now,
    deliver: (_deps, claim) => deliver(claim),
  })

  const sender: EmailSender = {
    windowMs: backoff.windowMs,
    wake: () => worker.wake(),
    idle: () => worker.idle(),
    // Every process's emails: this one may send none, and still counts them.
    async depth() {
      return (await storage.outbox.pending(EMAIL_KIND)).count
    },
    stop: () => worker.stop(),
  }
  // A process without SMTP settings leaves the outbox to one that has them.
  if (settings) worker.start({ storage })
  return sender
}
