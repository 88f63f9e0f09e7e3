/**
 * Delivers logout tokens to sites in the background: the user's logout never waits for them.
 * Each POST is bounded by a timeout; network errors, timeouts, 5xx and 429 are retried with
 * backoff, anything else is final (a URL the outbound client refuses too). Outcomes are logged
 * without the token.
 */
import type { Logger } from '../logger.js'
import {
  outboundErrorIn,
  outbound as processOutbound,
  type Outbound,
  type OutboundFetch,
} from '../net/outbound.js'

export interface BackchannelJob {
  appId: string
  url: string
  logoutToken: string
  /** The app's `dangerouslyAllowPrivateNetwork`. */
  allowPrivateNetwork?: boolean
}

export interface BackchannelSender {
  /** Starts delivering; returns at once. */
  send(jobs: BackchannelJob[]): void
  /** Resolves when every delivery started so far has finished (tests, shutdown). */
  idle(): Promise<void>
}

export interface BackchannelOptions {
  logger: Logger
  timeoutMs?: number
  /** Waits before each retry; its length is the number of retries. */
  retryDelaysMs?: number[]
  /** Tests only: a stand-in for the outbound client, which otherwise sends every POST. */
  fetch?: OutboundFetch
  outbound?: Outbound
}

export const defaultBackchannel = { timeoutMs: 5000, retryDelaysMs: [1000, 5000] }

export function createBackchannelSender(options: BackchannelOptions): BackchannelSender {
  const timeoutMs = options.timeoutMs ?? defaultBackchannel.timeoutMs
  const delays = options.retryDelaysMs ?? defaultBackchannel.retryDelaysMs
  const outbound = options.outbound ?? processOutbound
  const fetchFor = (job: BackchannelJob): OutboundFetch =>
    options.fetch ?? outbound.fetch({ allowPrivateNetwork: job.allowPrivateNetwork, timeoutMs })
  const running = new Set<Promise<void>>()

  /** 'done', 'retry' or 'refused'. */
  async function attempt(
    job: BackchannelJob,
  ): Promise<{ outcome: string; status?: number; reason?: string }> {
    try {
      const response = await fetchFor(job)(job.url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ logout_token: job.logoutToken }).toString(),
        // A redirect is not an answer; following one could carry the token elsewhere.
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      })
      await response.body?.cancel()
      const { status } = response
      if (status >= 200 && status < 300) return { outcome: 'done', status }
      return { outcome: status >= 500 || status === 429 ? 'retry' : 'refused', status }
    } catch (error) {
      const reason = outboundErrorIn(error)?.reason
      // Asking again cannot make a refused address allowed.
      const final = reason !== undefined && reason !== 'unreachable'
      return { outcome: final ? 'refused' : 'retry', reason }
    }
  }

  async function deliver(job: BackchannelJob): Promise<void> {
    for (let i = 0; ; i++) {
      const { outcome, status, reason } = await attempt(job)
      const fields = { app: job.appId, attempt: i + 1, status, reason }
      if (outcome === 'done') return options.logger.info('back-channel logout delivered', fields)
      if (outcome === 'refused' || i >= delays.length) {
        return options.logger.warn('back-channel logout failed', { ...fields, outcome })
      }
      await new Promise((done) => setTimeout(done, delays[i]).unref())
    }
  }

  return {
    send(jobs) {
      for (const job of jobs) {
        const task = deliver(job).finally(() => running.delete(task))
        running.add(task)
      }
    },
    async idle() {
      while (running.size) await Promise.all(running)
    },
  }
}
