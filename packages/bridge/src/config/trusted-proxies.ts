/**
 * SSOBRIDGE_TRUSTED_PROXIES: the reverse proxies whose X-Forwarded-For the bridge believes. Off by
 * default, because a client that reaches the bridge directly can write any X-Forwarded-For it
 * likes, and the address is what the per-address sign-in throttle counts.
 */
import { BlockList, isIP } from 'node:net'
import { ConfigError } from './load-config.js'

export interface TrustedProxies {
  /** True when `address` (as the socket or a forwarded hop reports it) is a trusted proxy. */
  trusts(address: string): boolean
  /** The entries as given, for the log. */
  readonly entries: readonly string[]
}

export const NO_TRUSTED_PROXIES: TrustedProxies = { trusts: () => false, entries: [] }

const NAMED: Record<string, [string, number, 'ipv4' | 'ipv6'][]> = {
  loopback: [
    ['127.0.0.0', 8, 'ipv4'],
    ['::1', 128, 'ipv6'],
  ],
  // RFC 1918 and RFC 4193: the usual addresses of a load balancer inside a private network.
  private: [
    ['10.0.0.0', 8, 'ipv4'],
    ['172.16.0.0', 12, 'ipv4'],
    ['192.168.0.0', 16, 'ipv4'],
    ['fc00::', 7, 'ipv6'],
  ],
}

/**
 * Parses a comma- or space-separated list of IP addresses, CIDR ranges and the words `loopback`
 * and `private`. Empty or unset means no proxy is trusted.
 */
export function parseTrustedProxies(
  text: string | undefined,
  source = 'SSOBRIDGE_TRUSTED_PROXIES',
): TrustedProxies {
  const entries = (text ?? '').split(/[\s,]+/).filter(Boolean)
  if (entries.length === 0) return NO_TRUSTED_PROXIES
  const list = new BlockList()
  for (const entry of entries) {
    const named = NAMED[entry.toLowerCase()]
    if (named) {
      for (const [network, prefix, family] of named) list.addSubnet(network, prefix, family)
      continue
    }
    const [address = '', prefixText, extra] = entry.split('/')
    const version = isIP(address)
    const max = version === 4 ? 32 : 128
    const prefix = prefixText === undefined ? max : Number(prefixText)
    const validPrefix = prefixText === undefined || /^\d{1,3}$/.test(prefixText)
    if (version === 0 || extra !== undefined || !validPrefix || prefix > max) {
      const shown = JSON.stringify(entry.slice(0, 60))
      throw new ConfigError(
        source,
        [`${shown} is not an IP address or CIDR range`],
        `${source}: ${shown} is not an IP address, a CIDR range (10.0.0.0/8), "loopback" or "private"`,
      )
    }
    list.addSubnet(address, prefix, version === 4 ? 'ipv4' : 'ipv6')
  }
  return {
    entries,
    trusts: (address) => {
      const version = isIP(address)
      return version !== 0 && list.check(address, version === 4 ? 'ipv4' : 'ipv6')
    },
  }
}

/**
 * The client's address: the socket's, unless that is a trusted proxy; then X-Forwarded-For is
 * read from the right (each proxy appends the address it saw) and the first hop that is not a
 * trusted proxy is the client. Hops further left were written by the client and are ignored.
 */
export function clientAddressFrom(
  socketAddress: string | undefined,
  forwardedFor: string | undefined,
  trusted: TrustedProxies,
): string {
  let address = socketAddress ?? 'unknown'
  if (!trusted.trusts(address) || !forwardedFor) return address
  const hops = forwardedFor.split(',').map((hop) => hop.trim())
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i] as string
    // A hop that is not an address was not written by a proxy we trust: stop at the last good one.
    if (isIP(hop) === 0) return address
    address = hop
    if (!trusted.trusts(hop)) return hop
  }
  return address
}
