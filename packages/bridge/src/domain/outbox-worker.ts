/**
 * The loop every outbox worker shares: claim due entries of one kind under a lease (so a process
 * that dies mid-delivery leaves them to another), deliver them a few at a time, poll for retries
 * and other processes' entries, and stop with the storage. What a delivery is, and how its
 * outcome is settled, is the caller's (`deliver`).
 */
import type { Logger } from '../logger.js'
import type { OutboxClaim } from '../storage/outbox-types.js'
import type { Storage } from '../storage/types.js'
import type { BackoffPolicy } from './backchannel-backoff.js'

/** The knobs every sender built on this worker takes (tests shorten them). */
export interface OutboxSenderTuning {
  /** Each attempt's timeout. */
  timeoutMs?: number
  /** Tests only: fixed waits before each retry, instead of exponential backoff in the window. */
  retryDelaysMs?: number[]
  backoff?: Partial<BackoffPolicy>
  /** How often the outbox is polled for due entries (retries, other processes' entries). */
  pollMs?: number
  /** Most entries claimed at once, and most in flight in this process. */
  batch?: number
  concurrency?: number
  now?: () => number
}

/** What a worker runs on: storage, and whatever else its deliveries need. */
export type WorkerDeps = { storage: Storage }

export interface OutboxWorkerOptions<D extends WorkerDeps> {
  kind: string
  logger: Logger
  /** Names the worker in its log lines (`back-channel outbox not read`). */
  label: string
  /** How long a claim is the caller's: the delivery and the write of its outcome must fit. */
  leaseMs: number
  pollMs: number
  /** Most entries claimed at once, and most in flight in this process. */
  batch: number
  concurrency: number
  now: () => number
  /**
   * Delivers one claim and settles it; resolves to when it is due again (a retry), or undefined.
   * It never throws: a failure is an outcome it settles.
   */
  deliver: (deps: D, claim: OutboxClaim) => Promise<number | undefined>
}

export interface OutboxWorker<D extends WorkerDeps = WorkerDeps> {
  /** Starts on this storage (once; later calls do nothing); stops when the storage closes, or on stop(). */
  start(deps: D): void
  /** Something was enqueued: claim now rather than at the next poll. */
  wake(): void
  /** Resolves when no entry of the kind is pending in storage any more (tests). */
  idle(): Promise<void>
  /** Claims nothing more and waits for the deliveries in flight (each bounded by its timeout). */
  stop(): Promise<void>
  /** Entries waiting in the outbox, for every process (the metrics' outbox depth). */
  depth(): Promise<number>
}

export function createOutboxWorker<D extends WorkerDeps>(
  options: OutboxWorkerOptions<D>,
): OutboxWorker<D> {
  const { kind, logger, leaseMs, pollMs, batch, concurrency, now } = options
  const running = new Set<Promise<void>>()
  const timers = new Set<NodeJS.Timeout>()
  let deps: D | undefined
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

  async function run(current: D, claim: OutboxClaim) {
    const retryAt = await options.deliver(current, claim)
    // A retry due before the next poll gets a timer of its own (so timers stay as few as the
    // deliveries in flight); later ones, and other processes, find it by polling.
    if (retryAt !== undefined && retryAt - now() < pollMs)
      later(retryAt - now(), () => void claimDue())
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
        const claims = await current.storage.outbox.claim(kind, { limit: free, leaseMs })
        for (const claim of claims) {
          const task = run(current, claim).finally(() => {
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
        logger.error(`${options.label} outbox not read`, {
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

  const worker: OutboxWorker<D> = {
    start(given) {
      if (deps || stopped) return
      deps = given
      given.storage.beforeClose(() => worker.stop())
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
        const { count, nextAttemptAt: next } = await deps.storage.outbox.pending(kind)
        if (!count) return
        await new Promise((done) => setTimeout(done, Math.max(5, (next ?? 0) - now())))
      }
    },
    async depth() {
      if (!deps) return 0
      return (await deps.storage.outbox.pending(kind)).count
    },
    async stop() {
      stopped = true
      for (const timer of timers) clearTimeout(timer)
      timers.clear()
      await claiming
      while (running.size) await Promise.all(running)
    },
  }
  return worker
}
