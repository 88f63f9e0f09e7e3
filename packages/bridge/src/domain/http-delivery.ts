/**
 * One attempt of an outbox delivery over HTTP (a back-channel logout, a webhook): what its answer
 * or failure means (done, worth retrying, refused for good), and how that is settled in the
 * outbox, logged and counted. A status and a short code are recorded, never a body.
 */
import type { Logger } from '../logger.js'
import { outboundErrorIn } from '../net/outbound.js'
import type { OutboxClaim, OutboxOutcome } from '../storage/outbox-types.js'
import type { Storage } from '../storage/types.js'
import { nextAttemptAt, type BackoffPolicy } from './backchannel-backoff.js'

export type HttpAttempt = {
  outcome: 'done' | 'retry' | 'refused'
  status?: number
  reason?: string
}

/** What became of one attempt, as the metrics count it. */
export type HttpAttemptOutcome = 'delivered' | 'retrying' | 'refused' | 'gave_up'

/** An answer: 2xx is done, `retryable` statuses are asked again, anything else is final. */
export function answered(status: number, retryable: (status: number) => boolean): HttpAttempt {
  if (status >= 200 && status < 300) return { outcome: 'done', status }
  return { outcome: retryable(status) ? 'retry' : 'refused', status }
}

/** No answer: a refused address is final (asking again cannot allow it); anything else is retried. */
export function unanswered(error: unknown): HttpAttempt {
  const reason = outboundErrorIn(error)?.reason
  const final = reason !== undefined && reason !== 'unreachable'
  return { outcome: final ? 'refused' : 'retry', reason: reason ?? 'timeout' }
}

export interface SettleContext {
  storage: Storage
  logger: Logger
  /** Starts each log line: `back-channel logout delivered`, `webhook failed`… */
  label: string
  /** What each log line says of the delivery (app, attempt…): never a token or a secret. */
  fields: Record<string, unknown>
  backoff: BackoffPolicy
  now: () => number
  onOutcome?: (outcome: HttpAttemptOutcome) => void
}

/** Records the attempt's outcome; resolves to when it is due again, or undefined (no retry). */
export async function settleHttpAttempt(
  context: SettleContext,
  claim: OutboxClaim,
  result: HttpAttempt,
): Promise<number | undefined> {
  const { logger, label, fields } = context
  const { status, reason } = result
  let outcome: OutboxOutcome
  let due: number | undefined
  if (result.outcome === 'done') {
    outcome = { delivered: true, status }
    logger.info(`${label} delivered`, { ...fields, status })
    context.onOutcome?.('delivered')
  } else {
    due =
      result.outcome === 'retry'
        ? nextAttemptAt(context.backoff, claim.attempts, claim.giveUpAt, context.now())
        : undefined
    outcome = { delivered: false, retryAt: due, status, error: reason ?? `status_${status}` }
    if (due === undefined) {
      const final = result.outcome === 'refused' ? 'refused' : 'gave_up'
      logger.warn(`${label} failed`, { ...fields, status, reason, outcome: final })
      context.onOutcome?.(final)
    } else {
      logger.info(`${label} will retry`, { ...fields, status, reason, retryAt: due })
      context.onOutcome?.('retrying')
    }
  }
  try {
    await context.storage.outbox.settle(claim, outcome)
  } catch (error) {
    // Its lease runs out and it is tried again: a repeat the receiver drops by its id.
    logger.error(`${label} outcome not recorded`, {
      ...fields,
      error: error instanceof Error ? error.name : typeof error,
    })
  }
  return due
}
