/** The visitor's address for throttles: the socket's, or the forwarded one from a trusted proxy. */
import { getConnInfo } from '@hono/node-server/conninfo'
import type { Context } from 'hono'
import { clientAddressFrom, type TrustedProxies } from '../config/trusted-proxies.js'

export type ClientAddress = (c: Context) => string

export function clientAddressReader(trusted: TrustedProxies): ClientAddress {
  return (c) => {
    let socket: string | undefined
    try {
      socket = getConnInfo(c).remote.address
    } catch {
      // In-process requests (tests) have no socket.
    }
    return clientAddressFrom(
      socket,
      { forwardedFor: c.req.header('x-forwarded-for'), forwarded: c.req.header('forwarded') },
      trusted,
    )
  }
}
