/**
 * The one HTTP client for requests to URLs an admin or a config file named: upstream OIDC
 * discovery, token, UserInfo and JWKS, SAML metadata, back-channel logout, the console's Check,
 * and oidc-provider's own fetches. Each connection resolves the host once, checks every answer
 * (net/address-policy) and connects to the address it checked, with the original Host and SNI:
 * a DNS answer that changes between check and connect cannot move the request. Redirects that a
 * caller follows open new connections through the same check.
 *
 * A refused target and one that does not answer fail alike: one error code, and not before the
 * request's deadline, so neither the answer nor its timing tells an admin what listens where.
 */
import { lookup } from 'node:dns/promises'
import { isIP } from 'node:net'
import { Agent, buildConnector, fetch as undiciFetch, type RequestInit as UndiciInit } from 'undici'
import { addressAllowed, isMetadataHost } from './address-policy.js'

/** Why a request failed: for logs and tests; callers show every reason the same way. */
export type OutboundReason = 'scheme_refused' | 'host_refused' | 'address_refused' | 'unreachable'

export class OutboundError extends Error {
  /** The same for every reason: what a caller maps and shows. */
  readonly code = 'outbound_unreachable'
  constructor(
    readonly reason: OutboundReason,
    options?: { cause?: unknown },
  ) {
    super('outbound request failed: no usable answer', options)
    this.name = 'OutboundError'
  }
}

/** The OutboundError in `error`'s cause chain (libraries such as openid-client wrap it). */
export function outboundErrorIn(error: unknown): OutboundError | undefined {
  for (let e = error; e instanceof Error; e = e.cause) if (e instanceof OutboundError) return e
  return undefined
}

export const isOutboundError = (error: unknown) => outboundErrorIn(error) !== undefined

/** Addresses a hostname resolves to; tests pass their own DNS. */
export type Resolve = (hostname: string) => Promise<string[]>

const systemResolve: Resolve = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((a) => a.address)

export interface OutboundPolicy {
  /** The connection's or app's `dangerouslyAllowPrivateNetwork`. */
  allowPrivateNetwork?: boolean
  /** Deadline when the caller passes no `signal`. */
  timeoutMs?: number
}

export type OutboundFetch = (input: string | URL, init?: RequestInit) => Promise<Response>

const DEFAULT_TIMEOUT_MS = 10_000

const unbracket = (hostname: string) => hostname.replace(/^\[(.*)\]$/, '$1')

/** The address to connect to: the first answer, once every answer passed. */
async function checkedAddress(
  host: string,
  allowPrivateNetwork: boolean,
  resolve: Resolve,
): Promise<string> {
  if (isMetadataHost(host)) throw new OutboundError('host_refused')
  let addresses: string[]
  try {
    addresses = isIP(host) ? [host] : await resolve(host)
  } catch (error) {
    throw new OutboundError('unreachable', { cause: error })
  }
  if (addresses.length === 0) throw new OutboundError('unreachable')
  // One refused answer refuses the name: which one a later connection would get is not ours.
  if (!addresses.every((a) => addressAllowed(a, allowPrivateNetwork)))
    throw new OutboundError('address_refused')
  return addresses[0] as string
}

function guardedAgent(allowPrivateNetwork: boolean, resolve: Resolve): Agent {
  const connect = buildConnector({})
  return new Agent({
    connect(options, callback) {
      const host = unbracket(options.hostname)
      checkedAddress(host, allowPrivateNetwork, resolve).then(
        (address) =>
          connect(
            {
              ...options,
              hostname: address,
              // TLS names and checks the certificate of the host asked for, not the address.
              servername: options.servername || (isIP(host) ? undefined : host),
            },
            callback,
          ),
        (error: Error) => callback(error, null),
      )
    },
  })
}

function untilAborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve()
  return new Promise((done) => signal.addEventListener('abort', () => done(), { once: true }))
}

export function createOutbound(options: { resolve?: Resolve } = {}) {
  const resolve = options.resolve ?? systemResolve
  const agents = new Map<boolean, Agent>()
  const agentFor = (allow: boolean) => {
    let agent = agents.get(allow)
    if (!agent) agents.set(allow, (agent = guardedAgent(allow, resolve)))
    return agent
  }

  /** A fetch for requests under `policy`. */
  function fetchWith(policy: OutboundPolicy = {}): OutboundFetch {
    const allow = policy.allowPrivateNetwork === true
    return async (input, init = {}) => {
      const deadline = AbortSignal.timeout(policy.timeoutMs ?? DEFAULT_TIMEOUT_MS)
      const signal = init.signal ? AbortSignal.any([init.signal, deadline]) : deadline
      try {
        const url = new URL(input)
        if (url.protocol !== 'https:' && url.protocol !== 'http:')
          throw new OutboundError('scheme_refused')
        const response = await undiciFetch(url, {
          ...(init as UndiciInit),
          signal,
          dispatcher: agentFor(allow),
        })
        return response as unknown as Response
      } catch (error) {
        // Whatever failed before an answer, it fails at the deadline, as a silent host would.
        await untilAborted(signal)
        throw new OutboundError(outboundErrorIn(error)?.reason ?? 'unreachable', { cause: error })
      }
    }
  }

  return {
    fetch: fetchWith,
    async close() {
      await Promise.all([...agents.values()].map((a) => a.close()))
    },
  }
}

export type Outbound = ReturnType<typeof createOutbound>

/** The process's client (system DNS). */
export const outbound: Outbound = createOutbound()
