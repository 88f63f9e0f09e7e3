/**
 * Delivers back-channel logouts from the outbox in storage: each bridge process runs this worker,
 * which claims due deliveries (a lease, so a process that dies mid-delivery leaves them to
 * another), POSTs the logout token minted at send time with the delivery's stable `jti`, and
 * records each attempt's outcome. Network errors, timeouts, 5xx and 429 are retried with backoff
 * until the delivery's window closes; anything else is final (a URL the outbound client refuses
 * too). Outcomes are logged without the token.
 */
import type { Logger } from '../logger.js'
import { outbound as processOutbound, type Outbound, type OutboundFetch } from '../net/outbound.js'
import type { OutboxClaim } from '../storage/outbox-types.js'
import type { Storage } from '../storage/types.js'
import { getApp } from './apps.js'
import { defaultBackoff, type BackoffPolicy } from './backchannel-backoff.js'
import type { LogoutTokenMinter } from './backchannel-logout.js'
import { BACKCHANNEL_KIND, type BackchannelPayload } from './backchannel-outbox.js'
import {
  answered,
  settleHttpAttempt,
  unanswered,
  type HttpAttempt,
  type HttpAttemptOutcome,
} from './http-delivery.js'
import { createOutboxWorker, type OutboxSenderTuning, type OutboxWorker } from './outbox-worker.js'

export interface BackchannelWorkerDeps {
  storage: Storage
  mint: LogoutTokenMinter
}

export interface BackchannelSender extends OutboxWorker<BackchannelWorkerDeps> {
  /** How long a delivery is tried, from its logout: where the outbox entry's window ends. */
  readonly windowMs: number
}

/** What became of one attempt, as the metrics count it. */
export type BackchannelAttemptOutcome = HttpAttemptOutcome

export interface BackchannelOptions extends OutboxSenderTuning {
  logger: Logger
  /** Told of each attempt's outcome (metrics.backchannelDelivery). */
  onOutcome?: (outcome: BackchannelAttemptOutcome) => void
  /** Starts the worker at once; otherwise start() does. */
  storage?: Storage
  mint?: LogoutTokenMinter
  /** Tests only: a stand-in for the outbound client, which otherwise sends every POST. */
  fetch?: OutboundFetch
  outbound?: Outbound
}

export const defaultBackchannel = { timeoutMs: 5000, pollMs: 2000, batch: 20, concurrency: 8 }

export function createBackchannelSender(options: BackchannelOptions): BackchannelSender {
  const { logger } = options
  const now = options.now ?? Date.now
  const timeoutMs = options.timeoutMs ?? defaultBackchannel.timeoutMs
  const pollMs = options.pollMs ?? defaultBackchannel.pollMs
  const batch = options.batch ?? defaultBackchannel.batch
  const concurrency = options.concurrency ?? defaultBackchannel.concurrency
  const backoff: BackoffPolicy = {
    ...defaultBackoff,
    ...options.backoff,
    ...(options.retryDelaysMs ? { delaysMs: options.retryDelaysMs } : {}),
  }
  // Long enough for the POST and the write of its outcome; a dead process's claim ends with it.
  const leaseMs = timeoutMs * 2 + 10_000
  const outbound = options.outbound ?? processOutbound

  async function attempt(url: string, token: string, allowPrivateNetwork?: boolean) {
    try {
      const fetch = options.fetch ?? outbound.fetch({ allowPrivateNetwork, timeoutMs })
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ logout_token: token }).toString(),
        // A redirect is not an answer; following one could carry the token elsewhere.
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      })
      await response.body?.cancel()
      return answered(response.status, (status) => status >= 500 || status === 429)
    } catch (error) {
      return unanswered(error)
    }
  }

  async function deliver(
    { storage, mint }: BackchannelWorkerDeps,
    claim: OutboxClaim,
  ): Promise<number | undefined> {
    const payload = claim.payload as unknown as BackchannelPayload
    const fields = { app: claim.owner, attempt: claim.attempts }
    let result: HttpAttempt
    try {
      const app = await getApp(storage, claim.owner)
      if (!app?.backchannelLogoutUrl) {
        result = { outcome: 'refused', reason: 'app_gone' }
      } else {
        const token = await mint({
          app,
          userId: payload.userId,
          sid: payload.sid,
          jti: payload.jti,
        })
        result = await attempt(app.backchannelLogoutUrl, token, app.dangerouslyAllowPrivateNetwork)
      }
    } catch (error) {
      logger.error('back-channel logout attempt broke', {
        ...fields,
        error: error instanceof Error ? error.name : typeof error,
      })
      result = { outcome: 'retry', reason: 'internal' }
    }
    return settleHttpAttempt(
      {
        storage,
        logger,
        label: 'back-channel logout',
        fields,
        backoff,
        now,
        onOutcome: options.onOutcome,
      },
      claim,
      result,
    )
  }

  const worker = createOutboxWorker<BackchannelWorkerDeps>({
    kind: BACKCHANNEL_KIND,
    logger,
    label: 'back-channel',
    leaseMs,
    pollMs,
    batch,
    concurrency,
    now,
    deliver,
  })

  const sender: BackchannelSender = { ...worker, windowMs: backoff.windowMs }
  if (options.storage && options.mint)
    sender.start({ storage: options.storage, mint: options.mint })
  return sender
}
