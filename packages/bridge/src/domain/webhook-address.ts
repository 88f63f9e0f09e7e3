/**
 * What a webhook URL's host says before any lookup: an address no request may go to (cloud
 * metadata, broadcast…), or one on loopback, a private or a link-local network, which an endpoint
 * may name only with its `dangerouslyAllowPrivateNetwork`. A name is resolved and judged again at
 * every delivery (net/outbound), so this is the early, clear refusal, not the guard itself.
 */
import { isIP } from 'node:net'
import { addressAllowed, isMetadataHost } from '../net/address-policy.js'

const unbracket = (hostname: string) => hostname.replace(/^\[(.*)\]$/, '$1')

/**
 * Why this URL may not be an endpoint's, judged by its host as written (a name is resolved and
 * judged again at every delivery, net/outbound): undefined when it may.
 */
export function webhookAddressProblem(url: string, allowPrivateNetwork: boolean) {
  let hostname: string
  try {
    hostname = unbracket(new URL(url).hostname)
  } catch {
    return undefined
  }
  if (isMetadataHost(hostname) || (isIP(hostname) && !addressAllowed(hostname, true)))
    return 'names an address no request may go to'
  const local = hostname === 'localhost' || hostname.endsWith('.localhost')
  if (!allowPrivateNetwork && (local || (isIP(hostname) && !addressAllowed(hostname, false))))
    return 'names a loopback, private or link-local address: set dangerouslyAllowPrivateNetwork to allow it (development only)'
  return undefined
}
