/**
 * `trustProxy` (SSOBRIDGE_TRUST_PROXY): when X-Forwarded-For or Forwarded (RFC 7239) names the
 * client. Off by default, because a client that reaches the bridge directly can write any such
 * header it likes, and the address is what the sign-in throttle counts. Either the proxies'
 * addresses (IPs, CIDR ranges, `loopback`, `private`) or a hop count: how many proxies stand in
 * front of the bridge, each appending the address it saw.
 */
import ipaddr from 'ipaddr.js'
import { isIP } from 'node:net'
import { z } from 'zod'

export interface TrustedProxies {
  /** True when the hop `index` places from the bridge (0: the socket) at `address` is a proxy. */
  trusts(address: string, index: number): boolean
  /** The setting as given, for the log. */
  readonly entries: readonly string[]
}

export const NO_TRUSTED_PROXIES: TrustedProxies = { trusts: () => false, entries: [] }

/** As the config file may give it: a hop count, or addresses in a list or one string. */
export type TrustProxySetting = number | string | readonly string[]

const MAX_HOPS = 20

const NAMED: Record<string, string[]> = {
  loopback: ['127.0.0.0/8', '::1/128'],
  // RFC 1918 and RFC 4193: the usual addresses of a load balancer inside a private network.
  private: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
}

type Range = [ipaddr.IPv4 | ipaddr.IPv6, number]

/**
 * An address as the bridge counts it: IPv4-mapped IPv6 as IPv4, IPv6 in its canonical form.
 * Undefined for anything that is not one plain address (no short forms like `127.1`, no zone).
 */
export function normalAddress(text: string): string | undefined {
  if (isIP(text) === 0 || text.includes('%')) return undefined
  return ipaddr.process(text).toString()
}

function parseEntry(entry: string): Range[] | string {
  const named = NAMED[entry.toLowerCase()]
  if (named) return named.map((cidr) => ipaddr.parseCIDR(cidr))
  const [address = '', prefixText, extra] = entry.split('/')
  const version = isIP(address)
  const max = version === 4 ? 32 : 128
  const prefix = prefixText === undefined ? max : Number(prefixText)
  const validPrefix = prefixText === undefined || /^\d{1,3}$/.test(prefixText)
  if (version === 0 || address.includes('%') || extra !== undefined || !validPrefix || prefix > max)
    return `${JSON.stringify(entry.slice(0, 60))} is not an IP address, a CIDR range (10.0.0.0/8), "loopback" or "private"`
  const parsed = ipaddr.parse(address)
  // An IPv4-mapped range is the IPv4 range: addresses are compared after the same mapping.
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress() && prefix >= 96)
    return [[(parsed as ipaddr.IPv6).toIPv4Address(), prefix - 96]]
  return [[parsed, prefix]]
}

/**
 * Reads the setting: a whole number is a hop count (0: none), anything else a comma- or
 * space-separated list. Unset or empty trusts nobody. Returns the problems instead when any
 * entry is bad.
 */
export function parseTrustProxy(
  value: TrustProxySetting | undefined,
): { trusted: TrustedProxies; problems: [] } | { trusted?: undefined; problems: string[] } {
  const text = typeof value === 'number' ? String(value) : value
  const entries = (typeof text === 'string' ? [text] : (text ?? []))
    .flatMap((part) => part.split(/[\s,]+/))
    .filter(Boolean)
  if (entries.length === 0) return { trusted: NO_TRUSTED_PROXIES, problems: [] }
  if (entries.length === 1 && /^\d+$/.test(entries[0] as string)) {
    const hops = Number(entries[0])
    if (hops > MAX_HOPS) return { problems: [`a hop count is at most ${MAX_HOPS}, not ${hops}`] }
    if (hops === 0) return { trusted: NO_TRUSTED_PROXIES, problems: [] }
    // The socket is hop 0: with one proxy, the proxy is trusted and the hop it appended names the client.
    const trusts = (address: string, index: number) => isIP(address) !== 0 && index < hops
    return { trusted: { entries, trusts }, problems: [] }
  }
  if (typeof value === 'number') return { problems: ['a hop count is a whole number from 0 to 20'] }
  const ranges: Range[] = []
  const problems: string[] = []
  for (const entry of entries) {
    const parsed = parseEntry(entry)
    if (typeof parsed === 'string') problems.push(parsed)
    else ranges.push(...parsed)
  }
  if (problems.length > 0) return { problems }
  return {
    problems: [],
    trusted: {
      entries,
      trusts(address) {
        if (isIP(address) === 0) return false
        const parsed = ipaddr.process(address)
        return ranges.some(
          ([range, bits]) => range.kind() === parsed.kind() && parsed.match(range, bits),
        )
      },
    },
  }
}

/**
 * One hop of X-Forwarded-For or of Forwarded's `for=`: an address, with a port or IPv6 brackets
 * as some proxies write it (`203.0.113.9:5123`, `[2001:db8::1]:443`). Undefined when it is not
 * one (`unknown`, an obfuscated `_id`, garbage).
 */
function hopAddress(text: string): string | undefined {
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(text)
  if (bracketed)
    return isIP(bracketed[1] as string) === 6 ? normalAddress(bracketed[1] as string) : undefined
  const withPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$/.exec(text)
  return normalAddress(withPort ? (withPort[1] as string) : text)
}

/** X-Forwarded-For: comma-separated hops, oldest first. */
export function forwardedForHops(header: string): (string | undefined)[] {
  return header.split(',').map((hop) => hopAddress(hop.trim()))
}

/**
 * Forwarded (RFC 7239): comma-separated elements of `;`-separated pairs whose values may be
 * quoted strings (which may hold commas and semicolons); the `for` of each element, oldest first.
 * An element without `for` is a hop that names no address.
 */
export function forwardedHops(header: string): (string | undefined)[] {
  const elements: Map<string, string>[] = [new Map()]
  let name = ''
  let value = ''
  let inValue = false
  let quoted = false
  const endPair = () => {
    if (name.trim()) elements.at(-1)?.set(name.trim().toLowerCase(), value.trim())
    name = ''
    value = ''
    inValue = false
  }
  for (let i = 0; i < header.length; i++) {
    const char = header[i] as string
    if (quoted) {
      if (char === '\\') value += header[++i] ?? ''
      else if (char === '"') quoted = false
      else value += char
    } else if (char === '"' && inValue) quoted = true
    else if (char === '=' && !inValue) inValue = true
    else if (char === ';') endPair()
    else if (char === ',') {
      endPair()
      elements.push(new Map())
    } else if (inValue) value += char
    else name += char
  }
  endPair()
  return elements.map((pairs) => {
    const hop = pairs.get('for')
    return hop === undefined ? undefined : hopAddress(hop)
  })
}

/** The client along one chain of hops (oldest first) behind the socket's address. */
function clientAlong(socket: string, hops: (string | undefined)[], trusted: TrustedProxies) {
  let address = socket
  for (let i = hops.length - 1, index = 1; i >= 0; i--, index++) {
    const hop = hops[i]
    // A hop that is not an address was not written by a proxy we trust: stop at the last good one.
    if (hop === undefined) return address
    address = hop
    if (!trusted.trusts(hop, index)) return hop
  }
  return address
}

/**
 * The client's address: the socket's, unless that is a trusted proxy; then the forwarded hops
 * are read from the right (each proxy appends the address it saw) and the first one that is not
 * a trusted proxy is the client. Hops further left were written by the client and are ignored.
 * A proxy writes one of the two headers and may pass the other through from the client: when
 * both name a client and they differ, neither can be believed, and the socket's address counts.
 */
export function clientAddressFrom(
  socketAddress: string | undefined,
  headers: { forwardedFor?: string; forwarded?: string },
  trusted: TrustedProxies,
): string {
  const socket = (socketAddress && normalAddress(socketAddress)) ?? socketAddress ?? 'unknown'
  if (!trusted.trusts(socket, 0)) return socket
  const candidates = [
    headers.forwardedFor
      ? clientAlong(socket, forwardedForHops(headers.forwardedFor), trusted)
      : undefined,
    headers.forwarded ? clientAlong(socket, forwardedHops(headers.forwarded), trusted) : undefined,
  ].filter((candidate) => candidate !== undefined)
  const [first, second] = candidates
  if (first === undefined) return socket
  return second === undefined || second === first ? first : socket
}

/** The config file's `trustProxy`, refused with the problem of each bad entry. */
export const trustProxyField = z
  .union([z.number(), z.string().max(2000), z.array(z.string().max(100)).max(100)])
  .superRefine((value, ctx) => {
    for (const message of parseTrustProxy(value).problems) ctx.addIssue({ code: 'custom', message })
  })
