/**
 * Delivers back-channel logouts from the outbox in storage: each bridge process runs this worker,
 * which claims due deliveries (a lease, so a process that dies mid-delivery leaves them to
 * another), POSTs the logout token minted at send time with the delivery's stable `jti`, and
 * records each attempt's outcome. Network errors, timeouts, 5xx and 429 are retried with backoff
 * until the delivery's window closes; anything else is final (a URL the outbound client refuses
 * too). Outcomes are logged without the token.
 */
import type { Logger } from '../logger.js'
import {
  outboundErrorIn,
  outbound as processOutbound,
  type Outbound,
  type OutboundFetch,
} from '../net/outbound.js'
import type { OutboxClaim, OutboxOutcome } from '../storage/outbox-types.js'
import type { Storage } from '../storage/types.js'
import { getApp } from './apps.js'
import { defaultBackoff, nextAttemptAt, type BackoffPolicy } from './backchannel-backoff.js'
import type { LogoutTokenMinter } from './backchannel-logout.js'
import { BACKCHANNEL_KIND, type BackchannelPayload } from './backchannel-outbox.js'

export interface BackchannelWorkerDeps {
  storage: Storage
  mint: LogoutTokenMinter
}

export interface BackchannelSender {
  /** How long a delivery is tried, from its logout: where the outbox entry's window ends. */
  readonly windowMs: number
  /**
   * Starts the worker on this storage (once; later calls do nothing). It stops when the storage
   * closes, or on stop().
   */
  start(deps: BackchannelWorkerDeps): void
  /** Something was enqueued: claim now rather than at the next poll. */
  wake(): void
  /** Resolves when no back-channel delivery is pending in storage any more (tests). */
  idle(): Promise<void>
  /** Claims nothing more and waits for the deliveries in flight (each bounded by its timeout). */
  stop(): Promise<void>
  /** Deliveries waiting in the outbox, for every process (the metrics' outbox depth). */
  depth(): Promise<number>
}

/** What became of one attempt, as the metrics count it. */
export type BackchannelAttemptOutcome = 'delivered' | 'retrying' | 'refused' | 'gave_up'

export interface BackchannelOptions {
  logger: Logger
  /** Each POST's timeout. */
  timeoutMs?: number
  /** Tests only: fixed waits before each retry, instead of exponential backoff in the window. */
  retryDelaysMs?: number[]
  backoff?: Partial<BackoffPolicy>
  /** How often the outbox is polled for due deliveries (retries, other processes' entries). */
  pollMs?: number
  /** Most deliveries claimed at once, and most in flight in this process. */
  batch?: number
  concurrency?: number
  /** Told of each attempt's outcome (metrics.backchannelDelivery). */
  onOutcome?: (outcome: BackchannelAttemptOutcome) => void
  /** Starts the worker at once; otherwise start() does. */
  storage?: Storage
  mint?: LogoutTokenMinter
  /** Tests only: a stand-in for the outbound client, which otherwise sends every POST. */
  fetch?: OutboundFetch
  outbound?: Outbound
  now?: () => number
}

export const defaultBackchannel = { timeoutMs: 5000, pollMs: 2000, batch: 20, concurrency: 8 }

type Attempt = { outcome: 'done' | 'retry' | 'refused'; status?: number; reason?: string }

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
  const running = new Set<Promise<void>>()
  const timers = new Set<NodeJS.Timeout>()
  let deps: BackchannelWorkerDeps | undefined
  let stopped = false
  let claiming: Promise<void> | undefined
  let claimAgain = false

  const later = (ms: number, run: () => void) => {
    const timer = setTimeout(
      () => {
        timers.delete(timer)
        run()
      },
      Math.max(0, ms),
    )
    timer.unref()
    timers.add(timer)
  }

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
      const { status } = response
      if (status >= 200 && status < 300) return { outcome: 'done', status } satisfies Attempt
      const outcome = status >= 500 || status === 429 ? 'retry' : 'refused'
      return { outcome, status } satisfies Attempt
    } catch (error) {
      const reason = outboundErrorIn(error)?.reason
      // Asking again cannot make a refused address allowed.
      const final = reason !== undefined && reason !== 'unreachable'
      return { outcome: final ? 'refused' : 'retry', reason: reason ?? 'timeout' } satisfies Attempt
    }
  }

  async function deliver({ storage, mint }: BackchannelWorkerDeps, claim: OutboxClaim) {
    const payload = claim.payload as unknown as BackchannelPayload
    const fields = { app: claim.owner, attempt: claim.attempts }
    let result: Attempt
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
    const { status, reason } = result
    let outcome: OutboxOutcome
    if (result.outcome === 'done') {
      outcome = { delivered: true, status }
      logger.info('back-channel logout delivered', { ...fields, status })
      options.onOutcome?.('delivered')
    } else {
      const error = reason ?? `status_${status}`
      const retryAt =
        result.outcome === 'retry'
          ? nextAttemptAt(backoff, claim.attempts, claim.giveUpAt, now())
          : undefined
      outcome = { delivered: false, retryAt, status, error }
      if (retryAt === undefined) {
        const final = result.outcome === 'refused' ? 'refused' : 'gave_up'
        logger.warn('back-channel logout failed', { ...fields, status, reason, outcome: final })
        options.onOutcome?.(final)
      } else {
        logger.info('back-channel logout will retry', { ...fields, status, reason, retryAt })
        options.onOutcome?.('retrying')
        // A retry due before the next poll gets a timer of its own (so timers stay as few as the
        // deliveries in flight); later ones, and other processes, find it by polling.
        if (retryAt - now() < pollMs) later(retryAt - now(), () => void claimDue())
      }
    }
    try {
      await storage.outbox.settle(claim, outcome)
    } catch (error) {
      // Its lease runs out and the delivery is tried again: a repeat the site drops by its jti.
      logger.error('back-channel logout outcome not recorded', {
        ...fields,
        error: error instanceof Error ? error.name : typeof error,
      })
    }
  }

  /** Claims what fits in the free slots and starts delivering it; never throws. */
  function claimDue(): Promise<void> {
    if (stopped || !deps) return Promise.resolve()
    if (claiming) {
      claimAgain = true
      return claiming
    }
    const current = deps
    claiming = (async () => {
      do {
        claimAgain = false
        const free = Math.min(batch, concurrency - running.size)
        if (free <= 0) return
        const claims = await current.storage.outbox.claim(BACKCHANNEL_KIND, {
          limit: free,
          leaseMs,
        })
        for (const claim of claims) {
          const task = deliver(current, claim).finally(() => {
            running.delete(task)
            // A slot is free: what waits may go, without waiting for the rest of the batch.
            void claimDue()
          })
          running.add(task)
        }
        if (claims.length === free) claimAgain = true
      } while (claimAgain && !stopped)
    })()
      .catch((error: unknown) => {
        logger.error('back-channel outbox not read', {
          error: error instanceof Error ? error.name : typeof error,
        })
      })
      .finally(() => {
        claiming = undefined
      })
    return claiming
  }

  function poll() {
    if (stopped) return
    void claimDue().finally(() => later(pollMs, poll))
  }

  const sender: BackchannelSender = {
    windowMs: backoff.windowMs,
    start(given) {
      if (deps || stopped) return
      deps = given
      given.storage.beforeClose(() => sender.stop())
      poll()
    },
    wake() {
      void claimDue()
    },
    async idle() {
      for (;;) {
        await claimDue()
        while (running.size) await Promise.all(running)
        if (!deps || stopped) return
        const { count, nextAttemptAt: next } = await deps.storage.outbox.pending(BACKCHANNEL_KIND)
        if (!count) return
        await new Promise((done) => setTimeout(done, Math.max(5, (next ?? 0) - now())))
      }
    },
    async depth() {
      if (!deps) return 0
      return (await deps.storage.outbox.pending(BACKCHANNEL_KIND)).count
    },
    async stop() {
      stopped = true
      for (const timer of timers) clearTimeout(timer)
      timers.clear()
      await claiming
      while (running.size) await Promise.all(running)
    },
  }
  if (options.storage && options.mint)
    sender.start({ storage: options.storage, mint: options.mint })
  return sender
}
