import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { NO_TRUSTED_PROXIES, parseTrustProxy } from '../config/trusted-proxies.js'
import { clientAddressReader, type ClientAddress } from './client-address.js'

const servers: ReturnType<typeof serve>[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((done) => s.close(done))))
})

/** A real HTTP server on loopback, so the address comes from a real socket. */
async function serveReader(reader: ClientAddress): Promise<string> {
  const app = new Hono().get('/', (c) => c.text(reader(c)))
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' })
  servers.push(server)
  await new Promise((done) => server.once('listening', done))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
}

const addressSeen = async (url: string, forwardedFor?: string, forwarded?: string) => {
  const headers: Record<string, string> = {}
  if (forwardedFor) headers['X-Forwarded-For'] = forwardedFor
  if (forwarded) headers.Forwarded = forwarded
  return (await fetch(url, { headers })).text()
}
const loopback = parseTrustProxy('loopback').trusted!

describe('clientAddressReader', () => {
  it('reports the socket address and ignores X-Forwarded-For by default', async () => {
    const url = await serveReader(clientAddressReader(NO_TRUSTED_PROXIES))
    expect(await addressSeen(url)).toBe('127.0.0.1')
    expect(await addressSeen(url, '203.0.113.9')).toBe('127.0.0.1')
    expect(await addressSeen(url, undefined, 'for=203.0.113.9')).toBe('127.0.0.1')
  })

  it('reads X-Forwarded-For behind a trusted proxy on loopback', async () => {
    const url = await serveReader(clientAddressReader(loopback))
    expect(await addressSeen(url, '1.2.3.4, 203.0.113.9')).toBe('203.0.113.9')
    expect(await addressSeen(url)).toBe('127.0.0.1')
  })

  it('reads Forwarded (RFC 7239) behind a trusted proxy, or one hop with a hop count', async () => {
    const url = await serveReader(clientAddressReader(loopback))
    expect(await addressSeen(url, undefined, 'for=1.2.3.4, for="[2001:db8::9]:80"')).toBe(
      '2001:db8::9',
    )
    const hops = await serveReader(clientAddressReader(parseTrustProxy(1).trusted!))
    expect(await addressSeen(hops, '1.2.3.4, 203.0.113.9')).toBe('203.0.113.9')
  })

  it('answers "unknown" for a request without a socket', async () => {
    const reader = clientAddressReader(loopback)
    const app = new Hono().get('/', (c) => c.text(reader(c)))
    const response = await app.request('/', { headers: { 'X-Forwarded-For': '203.0.113.9' } })
    expect(await response.text()).toBe('unknown')
  })
})
