import { describe, expect, it } from 'vitest'
import {
  clientAddressFrom,
  forwardedHops,
  NO_TRUSTED_PROXIES,
  parseTrustProxy,
  type TrustedProxies,
  type TrustProxySetting,
} from './trusted-proxies.js'

function trusted(value: TrustProxySetting | undefined): TrustedProxies {
  const parsed = parseTrustProxy(value)
  if (!parsed.trusted) throw new Error(parsed.problems.join('; '))
  return parsed.trusted
}

describe('parseTrustProxy', () => {
  it('trusts nothing when unset, empty or 0', () => {
    for (const value of [undefined, '', ' , ', [], 0, '0']) {
      const proxies = trusted(value)
      expect(proxies.entries).toEqual([])
      expect(proxies.trusts('127.0.0.1', 0)).toBe(false)
    }
  })

  it('reads addresses, CIDR ranges and the named ranges, in a string or a list', () => {
    const text = trusted('10.1.2.3, 192.168.0.0/16 2001:db8::/32 loopback')
    const list = trusted(['10.1.2.3', '192.168.0.0/16', '2001:db8::/32', 'loopback'])
    for (const proxies of [text, list]) {
      expect(proxies.entries).toEqual(['10.1.2.3', '192.168.0.0/16', '2001:db8::/32', 'loopback'])
      expect(proxies.trusts('10.1.2.3', 0)).toBe(true)
      expect(proxies.trusts('10.1.2.4', 0)).toBe(false)
      expect(proxies.trusts('192.168.44.5', 3)).toBe(true)
      expect(proxies.trusts('2001:db8:1::7', 0)).toBe(true)
      expect(proxies.trusts('2001:DB8:0:0::7', 0)).toBe(true)
      expect(proxies.trusts('127.0.0.1', 0)).toBe(true)
      expect(proxies.trusts('::1', 0)).toBe(true)
      // Dual-stack sockets report IPv4 clients in IPv6 notation.
      expect(proxies.trusts('::ffff:127.0.0.1', 0)).toBe(true)
      expect(proxies.trusts('8.8.8.8', 0)).toBe(false)
      expect(proxies.trusts('not an address', 0)).toBe(false)
    }
  })

  it('knows the private ranges', () => {
    const proxies = trusted('private')
    for (const address of ['10.0.0.1', '172.16.0.1', '172.31.255.255', '192.168.1.1', 'fd00::1']) {
      expect(proxies.trusts(address, 0), address).toBe(true)
    }
    for (const address of ['172.32.0.1', '11.0.0.1', '127.0.0.1', '2001:db8::1']) {
      expect(proxies.trusts(address, 0), address).toBe(false)
    }
  })

  it('reads a hop count: the socket and the hops up to it are proxies, whatever their address', () => {
    const two = trusted(2)
    expect(trusted('2').entries).toEqual(['2'])
    expect(two.trusts('203.0.113.9', 0)).toBe(true)
    expect(two.trusts('203.0.113.9', 1)).toBe(true)
    expect(two.trusts('203.0.113.9', 2)).toBe(false)
    // A request without a socket (in-process) names no proxy.
    expect(two.trusts('unknown', 0)).toBe(false)
  })

  it.each([
    ['a host name', 'proxy.internal'],
    ['a prefix that is too long', '10.0.0.0/33'],
    ['an IPv6 prefix that is too long', '::1/129'],
    ['a prefix that is not a number', '10.0.0.0/eight'],
    ['two slashes', '10.0.0.0/8/8'],
    ['an empty prefix', '10.0.0.0/'],
    ['a wildcard', '*'],
    ['a short IPv4 form', '127.1'],
    ['an IPv6 zone', 'fe80::1%eth0'],
    ['a hop count among addresses', '2'],
  ])('refuses %s, naming the entry', (_, entry) => {
    expect(parseTrustProxy(`loopback, ${entry}`)).toEqual({
      problems: [
        `${JSON.stringify(entry)} is not an IP address, a CIDR range (10.0.0.0/8), "loopback" or "private"`,
      ],
    })
  })

  it('refuses a hop count that is not a small whole number', () => {
    expect(parseTrustProxy(21).problems).toEqual(['a hop count is at most 20, not 21'])
    expect(parseTrustProxy(1.5).problems).toEqual(['a hop count is a whole number from 0 to 20'])
    expect(parseTrustProxy(-1).problems).toEqual(['a hop count is a whole number from 0 to 20'])
  })
})

describe('clientAddressFrom', () => {
  const proxies = trusted('10.0.0.0/8')
  const xff = (forwardedFor: string | undefined) => ({ forwardedFor })

  it('uses the socket address and ignores the headers when no proxy is trusted', () => {
    const headers = { forwardedFor: '198.51.100.1', forwarded: 'for=198.51.100.1' }
    expect(clientAddressFrom('203.0.113.9', headers, NO_TRUSTED_PROXIES)).toBe('203.0.113.9')
    expect(clientAddressFrom(undefined, headers, NO_TRUSTED_PROXIES)).toBe('unknown')
  })

  it('counts IPv4 clients of a dual-stack socket as IPv4, and IPv6 in one spelling', () => {
    expect(clientAddressFrom('::ffff:203.0.113.9', {}, NO_TRUSTED_PROXIES)).toBe('203.0.113.9')
    expect(clientAddressFrom('2001:DB8:0::1', {}, NO_TRUSTED_PROXIES)).toBe('2001:db8::1')
  })

  it('ignores the headers from a client that is not a trusted proxy', () => {
    expect(clientAddressFrom('203.0.113.9', xff('198.51.100.1'), proxies)).toBe('203.0.113.9')
    expect(clientAddressFrom('203.0.113.9', { forwarded: 'for=1.2.3.4' }, proxies)).toBe(
      '203.0.113.9',
    )
  })

  it('takes the hop a trusted proxy appended, not what the client wrote before it', () => {
    // The client sent "X-Forwarded-For: 1.2.3.4" to spread its guesses over made-up addresses.
    expect(clientAddressFrom('10.0.0.2', xff('1.2.3.4, 203.0.113.9'), proxies)).toBe('203.0.113.9')
    expect(
      clientAddressFrom('10.0.0.2', { forwarded: 'for=1.2.3.4, for=203.0.113.9' }, proxies),
    ).toBe('203.0.113.9')
  })

  it('walks through a chain of trusted proxies', () => {
    expect(clientAddressFrom('10.0.0.2', xff('1.2.3.4, 203.0.113.9, 10.0.0.7'), proxies)).toBe(
      '203.0.113.9',
    )
  })

  it('with a hop count, takes the hop that many places from the bridge', () => {
    const chain = xff('1.2.3.4, 203.0.113.9, 198.51.100.4')
    expect(clientAddressFrom('192.0.2.1', chain, trusted(1))).toBe('198.51.100.4')
    expect(clientAddressFrom('192.0.2.1', chain, trusted(2))).toBe('203.0.113.9')
    // Fewer hops than proxies: the furthest one there is.
    expect(clientAddressFrom('192.0.2.1', xff('203.0.113.9'), trusted(3))).toBe('203.0.113.9')
  })

  it('falls back to the socket when a trusted proxy sent no header', () => {
    expect(clientAddressFrom('10.0.0.2', {}, proxies)).toBe('10.0.0.2')
    expect(clientAddressFrom('10.0.0.2', xff(''), proxies)).toBe('10.0.0.2')
  })

  it('reads a port or IPv6 brackets as some proxies write them', () => {
    expect(clientAddressFrom('10.0.0.2', xff('203.0.113.9:5123'), proxies)).toBe('203.0.113.9')
    expect(clientAddressFrom('10.0.0.2', xff('[2001:db8::1]:443'), proxies)).toBe('2001:db8::1')
    expect(clientAddressFrom('10.0.0.2', xff('2001:DB8::1'), proxies)).toBe('2001:db8::1')
  })

  it('stops at a hop that is not an address', () => {
    expect(clientAddressFrom('10.0.0.2', xff('garbage'), proxies)).toBe('10.0.0.2')
    expect(clientAddressFrom('10.0.0.2', xff('203.0.113.9, <script>'), proxies)).toBe('10.0.0.2')
    expect(clientAddressFrom('10.0.0.2', xff('203.0.113.9, 127.1'), proxies)).toBe('10.0.0.2')
    expect(clientAddressFrom('10.0.0.2', xff('203.0.113.9, 10.0.0.3:http'), proxies)).toBe(
      '10.0.0.2',
    )
    expect(clientAddressFrom('10.0.0.2', { forwarded: 'for=unknown' }, proxies)).toBe('10.0.0.2')
    expect(clientAddressFrom('10.0.0.2', { forwarded: 'proto=https' }, proxies)).toBe('10.0.0.2')
  })

  it('gives the furthest hop when every hop is a trusted proxy', () => {
    expect(clientAddressFrom('10.0.0.2', xff('10.0.0.9, 10.0.0.8'), proxies)).toBe('10.0.0.9')
  })

  it('believes neither header when both are there and name different clients', () => {
    // A proxy that writes X-Forwarded-For passes a Forwarded header from the client through.
    const spoofed = { forwardedFor: '203.0.113.9', forwarded: 'for=198.51.100.1' }
    expect(clientAddressFrom('10.0.0.2', spoofed, proxies)).toBe('10.0.0.2')
    const agreeing = { forwardedFor: '203.0.113.9', forwarded: 'for="203.0.113.9:4711"' }
    expect(clientAddressFrom('10.0.0.2', agreeing, proxies)).toBe('203.0.113.9')
  })
})

describe('forwardedHops (RFC 7239)', () => {
  it('reads for= of each element, quoted or not, with ports and brackets, case-insensitively', () => {
    expect(
      forwardedHops(
        'for=192.0.2.60;proto=http;by=203.0.113.43, For="[2001:db8:cafe::17]:4711", for=_hidden',
      ),
    ).toEqual(['192.0.2.60', '2001:db8:cafe::17', undefined])
  })

  it('keeps commas and semicolons inside quoted strings in their element', () => {
    expect(forwardedHops('by="a,b;c";for=198.51.100.1, for="\\"x";proto=https')).toEqual([
      '198.51.100.1',
      undefined,
    ])
  })

  it('gives no address for garbage', () => {
    expect(forwardedHops('garbage')).toEqual([undefined])
    expect(forwardedHops('for=')).toEqual([undefined])
    expect(forwardedHops('for="[::1"')).toEqual([undefined])
  })
})
