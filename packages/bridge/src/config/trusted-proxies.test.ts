import { describe, expect, it } from 'vitest'
import { ConfigError } from './load-config.js'
import { clientAddressFrom, NO_TRUSTED_PROXIES, parseTrustedProxies } from './trusted-proxies.js'

describe('parseTrustedProxies', () => {
  it('trusts nothing when unset or empty', () => {
    for (const text of [undefined, '', ' , ']) {
      const trusted = parseTrustedProxies(text)
      expect(trusted.entries).toEqual([])
      expect(trusted.trusts('127.0.0.1')).toBe(false)
    }
  })

  it('reads addresses, CIDR ranges and the named ranges', () => {
    const trusted = parseTrustedProxies('10.1.2.3, 192.168.0.0/16 2001:db8::/32 loopback')
    expect(trusted.entries).toEqual(['10.1.2.3', '192.168.0.0/16', '2001:db8::/32', 'loopback'])
    expect(trusted.trusts('10.1.2.3')).toBe(true)
    expect(trusted.trusts('10.1.2.4')).toBe(false)
    expect(trusted.trusts('192.168.44.5')).toBe(true)
    expect(trusted.trusts('2001:db8:1::7')).toBe(true)
    expect(trusted.trusts('127.0.0.1')).toBe(true)
    expect(trusted.trusts('::1')).toBe(true)
    // Dual-stack sockets report IPv4 clients in IPv6 notation.
    expect(trusted.trusts('::ffff:127.0.0.1')).toBe(true)
    expect(trusted.trusts('8.8.8.8')).toBe(false)
    expect(trusted.trusts('not an address')).toBe(false)
  })

  it('knows the private ranges', () => {
    const trusted = parseTrustedProxies('private')
    for (const address of ['10.0.0.1', '172.16.0.1', '172.31.255.255', '192.168.1.1', 'fd00::1']) {
      expect(trusted.trusts(address), address).toBe(true)
    }
    for (const address of ['172.32.0.1', '11.0.0.1', '127.0.0.1', '2001:db8::1']) {
      expect(trusted.trusts(address), address).toBe(false)
    }
  })

  it.each([
    ['a host name', 'proxy.internal'],
    ['a prefix that is too long', '10.0.0.0/33'],
    ['an IPv6 prefix that is too long', '::1/129'],
    ['a prefix that is not a number', '10.0.0.0/eight'],
    ['two slashes', '10.0.0.0/8/8'],
    ['an empty prefix', '10.0.0.0/'],
    ['a wildcard', '*'],
  ])('refuses %s, naming the variable and the entry', (_, entry) => {
    let error: unknown
    try {
      parseTrustedProxies(`loopback, ${entry}`)
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(ConfigError)
    expect((error as ConfigError).message).toBe(
      `SSOBRIDGE_TRUSTED_PROXIES: ${JSON.stringify(entry)} is not an IP address, a CIDR range (10.0.0.0/8), "loopback" or "private"`,
    )
  })
})

describe('clientAddressFrom', () => {
  const proxies = parseTrustedProxies('10.0.0.0/8')

  it('uses the socket address and ignores X-Forwarded-For when no proxy is trusted', () => {
    expect(clientAddressFrom('203.0.113.9', '198.51.100.1', NO_TRUSTED_PROXIES)).toBe('203.0.113.9')
    expect(clientAddressFrom(undefined, '198.51.100.1', NO_TRUSTED_PROXIES)).toBe('unknown')
  })

  it('ignores X-Forwarded-For from a client that is not a trusted proxy', () => {
    expect(clientAddressFrom('203.0.113.9', '198.51.100.1', proxies)).toBe('203.0.113.9')
  })

  it('takes the hop a trusted proxy appended, not what the client wrote before it', () => {
    // The client sent "X-Forwarded-For: 1.2.3.4" to spread its guesses over made-up addresses.
    expect(clientAddressFrom('10.0.0.2', '1.2.3.4, 203.0.113.9', proxies)).toBe('203.0.113.9')
  })

  it('walks through a chain of trusted proxies', () => {
    expect(clientAddressFrom('10.0.0.2', '1.2.3.4, 203.0.113.9, 10.0.0.7', proxies)).toBe(
      '203.0.113.9',
    )
  })

  it('falls back to the socket when a trusted proxy sent no header', () => {
    expect(clientAddressFrom('10.0.0.2', undefined, proxies)).toBe('10.0.0.2')
    expect(clientAddressFrom('10.0.0.2', '', proxies)).toBe('10.0.0.2')
  })

  it('stops at a hop that is not an address', () => {
    expect(clientAddressFrom('10.0.0.2', 'garbage', proxies)).toBe('10.0.0.2')
    expect(clientAddressFrom('10.0.0.2', '203.0.113.9, <script>', proxies)).toBe('10.0.0.2')
    expect(clientAddressFrom('10.0.0.2', '203.0.113.9, 10.0.0.3:8080', proxies)).toBe('10.0.0.2')
  })

  it('gives the furthest hop when every hop is a trusted proxy', () => {
    expect(clientAddressFrom('10.0.0.2', '10.0.0.9, 10.0.0.8', proxies)).toBe('10.0.0.9')
  })
})
