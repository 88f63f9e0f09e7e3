/**
 * Delivers logout tokens to sites in the background: the user's logout never waits for them.
 * Each POST is bounded by a timeout; network errors, timeouts, 5xx and 429 are retried with
 * backoff, anything else is final. Outcomes are logged without the token.
 */
import type { Logger } from '../logger.js'

export interface BackchannelJob {
  appId: string
  url: string
  logoutToken: string
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
  fetch?: typeof fetch
}

export const defaultBackchannel = { timeoutMs: 5000, retryDelaysMs: [1000, 5000] }

export function createBackchannelSender(options: BackchannelOptions): BackchannelSender {
  const timeoutMs = options.timeoutMs ?? defaultBackchannel.timeoutMs
  const delays = options.retryDelaysMs ?? defaultBackchannel.retryDelaysMs
  const doFetch = options.fetch ?? fetch
  const running = new Set<Promise<void>>()

  /** 'done', 'retry' or 'refused'. */
  async function attempt(job: BackchannelJob): Promise<{ outcome: string; status?: number }> {
    try {
      const response = await doFetch(job.url, {
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
    } catch {
      return { outcome: 'retry' }
    }
  }

  async function deliver(job: BackchannelJob): Promise<void> {
    for (let i = 0; ; i++) {
      const { outcome, status } = await attempt(job)
      const fields = { app: job.appId, attempt: i + 1, status }
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
