/**
 * Every request of the chaos test goes through one fetch that sorts each answer by who produced it
 * (a bridge, marked by HAProxy's `X-Chaos-Server`; the balancer itself, marked by its errorfiles;
 * or neither) and tries again, a bounded number of times, what the balancer answered itself or a
 * connection that broke: what a client of a load balancer does.
 */
import { BALANCER_HEADER, SERVER_HEADER } from './haproxy.js'

const MAX_ATTEMPTS = 8
const RETRY_STEP_MS = 100
const REQUEST_TIMEOUT_MS = 15_000

export interface BridgeFault {
  server: string
  method: string
  path: string
  status: number
  /** The error code its body names, if any. */
  code: string | undefined
}

export class Tally {
  requests = 0
  /** Answers by the bridge that produced them. */
  readonly byServer = new Map<string, number>()
  /** 5xx a bridge produced: what the test requires none of (while the database is up). */
  readonly bridge5xx: BridgeFault[] = []
  /** 503s a bridge produced, by what its body says (the database outage). */
  readonly bridge503 = new Map<string, number>()
  /** What the balancer answered itself, by status. */
  readonly balancer = new Map<number, number>()
  /** Answers that carry neither mark; there should be none. */
  readonly unmarked: { status: number; path: string }[] = []
  /** Connections that broke before an answer, by what undici said. */
  readonly transportErrors = new Map<string, number>()
  /** Requests sent again after a balancer answer or a broken connection. */
  retried = 0
  /** Requests whose every attempt met the balancer or a broken connection. */
  gaveUp = 0

  served(server: string): number {
    return this.byServer.get(server) ?? 0
  }
}

const bump = <K>(map: Map<K, number>, key: K) => map.set(key, (map.get(key) ?? 0) + 1)

/** Reads the body now (so it can be kept) and hands back an equivalent Response. */
async function settle(response: Response): Promise<{ response: Response; body: string }> {
  const body = await response.text()
  const copy = new Response(response.status === 204 || response.status === 304 ? null : body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  })
  Object.defineProperty(copy, 'url', { value: response.url })
  return { response: copy, body }
}

export function recordingFetch(
  tally: Tally,
): (input: string | URL | Request, init?: RequestInit) => Promise<Response> {
  return async function chaosFetch(input, init = {}) {
    const url = new URL(input instanceof Request ? input.url : String(input))
    const method = init.method ?? (input instanceof Request ? input.method : 'GET')
    let last: Response | undefined
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      if (attempt > 1) {
        tally.retried++
        await new Promise((done) => setTimeout(done, RETRY_STEP_MS * attempt))
      }
      tally.requests++
      let raw: Response
      try {
        raw = await fetch(input, {
          ...init,
          redirect: 'manual',
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        })
      } catch (error) {
        const cause = (error as { cause?: { code?: string; message?: string } }).cause
        bump(tally.transportErrors, cause?.code ?? cause?.message ?? (error as Error).name)
        continue
      }
      const { response, body } = await settle(raw)
      const server = response.headers.get(SERVER_HEADER)
      if (response.headers.has(BALANCER_HEADER)) {
        bump(tally.balancer, response.status)
        last = response
        continue
      }
      if (!server) {
        tally.unmarked.push({ status: response.status, path: url.pathname })
        return response
      }
      bump(tally.byServer, server)
      if (response.status === 503) bump(tally.bridge503, errorCodeOf(body) ?? '(no error code)')
      if (response.status >= 500) {
        tally.bridge5xx.push({
          server,
          method,
          path: url.pathname,
          status: response.status,
          code: errorCodeOf(body),
        })
      }
      return response
    }
    tally.gaveUp++
    if (last) return last
    throw new Error(`${method} ${url.pathname}: no answer in ${MAX_ATTEMPTS} attempts`)
  }
}

/** The error code an answer names: OAuth JSON's `error`, or the bridge's error page. */
export function errorCodeOf(body: string): string | undefined {
  try {
    const json = JSON.parse(body) as { error?: unknown }
    if (typeof json.error === 'string') return json.error
  } catch {
    // Not JSON: a page.
  }
  return (
    /Error <code>([a-z_]+)<\/code>/.exec(body)?.[1] ??
    // oidc-provider's own error page.
    /<pre><code>error: ([a-z_]+)/.exec(body)?.[1]
  )
}

export const isBalancerAnswer = (response: Response) => response.headers.has(BALANCER_HEADER)
