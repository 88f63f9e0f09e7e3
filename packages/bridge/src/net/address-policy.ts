/**
 * Which hosts and addresses the bridge may send a request to. Only public unicast addresses,
 * as ipaddr.js classifies them (IPv4-mapped IPv6 is judged as the IPv4 address it carries; NAT64,
 * 6to4 and Teredo forms are not unicast). `dangerouslyAllowPrivateNetwork` opens loopback,
 * private, link-local, CGNAT, unique-local and reserved ranges for IdPs on the operator's own
 * network; cloud metadata services and addresses that name no single host stay refused.
 */
import ipaddr from 'ipaddr.js'

/** Names of cloud instance metadata services (they answer with credentials). */
const METADATA_HOSTS = new Set([
  'metadata',
  'metadata.google.internal',
  'metadata.goog',
  'instance-data',
  'instance-data.ec2.internal',
])

/** Metadata services by address: AWS, GCP, Azure, OCI (v4 and v6), ECS, Alibaba. */
const METADATA_ADDRESSES = new Set(
  ['169.254.169.254', '169.254.170.2', 'fd00:ec2::254', '192.0.0.192', '100.100.100.200'].map((a) =>
    ipaddr.parse(a).toNormalizedString(),
  ),
)

/** Ranges that never name one host to talk HTTP to, opt-in or not. */
const NEVER = new Set(['unspecified', 'broadcast', 'multicast'])

/** `Host` names compare without case or the root's trailing dot. */
const normalHost = (hostname: string) => hostname.toLowerCase().replace(/\.$/, '')

export function isMetadataHost(hostname: string): boolean {
  return METADATA_HOSTS.has(normalHost(hostname))
}

/** Whether a connection to `address` (an IP literal) may be made under this policy. */
export function addressAllowed(address: string, allowPrivateNetwork: boolean): boolean {
  if (!ipaddr.isValid(address)) return false
  const ip = ipaddr.process(address)
  if (METADATA_ADDRESSES.has(ip.toNormalizedString())) return false
  const range = ip.range()
  if (range === 'unicast') return true
  return allowPrivateNetwork && !NEVER.has(range)
}
