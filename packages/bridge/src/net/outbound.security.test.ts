/** The outbound client refuses private networks after resolution, and cannot be rebound. */
import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createOutbound, type OutboundError, type Resolve } from './outbound.js'

let port = 0
let hits: { url: string; headers: IncomingHttpHeaders }[] = []
const server = createServer((req, res) => {
  hits.push({ url: req.url ?? '', headers: req.headers })
  if (req.url?.startsWith('/redirect')) {
    res.writeHead(302, { Location: new URL(req.url, 'http://x').searchParams.get('to') ?? '/' })
    return res.end()
  }
  res.writeHead(200, { 'Content-Type': 'text/plain' })
  res.end('hello')
})
beforeAll(async () => {
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  port = (server.address() as AddressInfo).port
})
afterAll(() => new Promise<void>((done) => server.close(() => done())))
beforeEach(() => {
  hits = []
})

/** A DNS that answers from a table, and counts its questions. */
function dns(table: Record<string, string[] | (() => string[])>) {
  const asked: string[] = []
  const resolve: Resolve = async (hostname) => {
    asked.push(hostname)
    const answer = table[hostname]
    if (!answer) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' })
    return typeof answer === 'function' ? answer() : answer
  }
  return { asked, resolve }
}

const fast = { timeoutMs: 100 }

async function refusal(promise: Promise<unknown>): Promise<OutboundError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toMatchObject({ name: 'OutboundError', code: 'outbound_unreachable' })
  return error as OutboundError
}

describe('the outbound client', () => {
  const client = createOutbound()

  it.each([
    ['loopback', 'http://127.0.0.1:PORT/'],
    ['loopback (another address)', 'http://127.9.9.9:PORT/'],
    ['IPv6 loopback', 'http://[::1]:PORT/'],
    ['IPv4-mapped IPv6 loopback', 'http://[::ffff:127.0.0.1]:PORT/'],
    ['private 10/8', 'http://10.0.0.1/'],
    ['private 172.16/12', 'http://172.16.5.4/'],
    ['private 192.168/16', 'http://192.168.1.1/'],
    ['IPv4-mapped IPv6 private', 'http://[::ffff:10.0.0.1]/'],
    ['link-local', 'http://169.254.10.1/'],
    ['cloud metadata', 'http://169.254.169.254/latest/meta-data/'],
    ['CGNAT', 'http://100.64.0.1/'],
    ['unique local', 'http://[fd12:3456::1]/'],
    ['IPv6 link-local', 'http://[fe80::1]/'],
    ['multicast', 'http://224.0.0.1/'],
    ['IPv6 multicast', 'http://[ff02::1]/'],
    ['unspecified', 'http://0.0.0.0:PORT/'],
    ['IPv6 unspecified', 'http://[::]:PORT/'],
    ['broadcast', 'http://255.255.255.255/'],
    ['reserved', 'http://240.0.0.1/'],
    ['NAT64 form of loopback', 'http://[64:ff9b::7f00:1]/'],
    ['6to4 form of a private address', 'http://[2002:a00:1::1]/'],
    ['a decimal spelling of loopback', 'http://2130706433:PORT/'],
  ])('refuses %s (%s)', async (_, url) => {
    const error = await refusal(client.fetch(fast)(url.replace('PORT', String(port))))
    expect(error.reason).toBe('address_refused')
    expect(hits).toHaveLength(0)
  })

  it('refuses a hostname that resolves to a private address, or to a mix', async () => {
    const { resolve } = dns({
      'intranet.example': ['10.1.2.3'],
      'mixed.example': ['93.184.216.34', '127.0.0.1'],
      'v6.example': ['::1'],
    })
    const guarded = createOutbound({ resolve })
    for (const host of ['intranet.example', 'mixed.example', 'v6.example']) {
      const error = await refusal(guarded.fetch(fast)(`http://${host}:${port}/`))
      expect(error.reason).toBe('address_refused')
    }
    expect(hits).toHaveLength(0)
  })

  it('refuses metadata hostnames before asking DNS, with the opt-in too', async () => {
    const { asked, resolve } = dns({ 'metadata.google.internal': ['127.0.0.1'] })
    const guarded = createOutbound({ resolve })
    for (const url of [
      `http://metadata.google.internal:${port}/computeMetadata/v1/`,
      `http://METADATA.google.internal.:${port}/`,
    ]) {
      const error = await refusal(guarded.fetch({ ...fast, allowPrivateNetwork: true })(url))
      expect(error.reason).toBe('host_refused')
    }
    const error = await refusal(
      guarded.fetch({ ...fast, allowPrivateNetwork: true })('http://169.254.169.254/'),
    )
    expect(error.reason).toBe('address_refused')
    expect(asked).toEqual([])
  })

  it('refuses other schemes', async () => {
    for (const url of ['file:///etc/passwd', 'data:text/plain,hi', 'ftp://example.com/']) {
      const error = await refusal(client.fetch(fast)(url))
      expect(error.reason).toBe('scheme_refused')
    }
  })

  it('lets the opt-in reach 127.0.0.1, and only with it', async () => {
    const open = await client.fetch({ allowPrivateNetwork: true })(`http://127.0.0.1:${port}/x`)
    expect(open.status).toBe(200)
    expect(await open.text()).toBe('hello')
    expect(hits.map((h) => h.url)).toEqual(['/x'])
    await refusal(client.fetch(fast)(`http://127.0.0.1:${port}/y`))
    expect(hits).toHaveLength(1)
  })

  it('connects to the address it checked when DNS changes its answer (rebinding)', async () => {
    // A second question would get the metadata address: there must be none.
    let answers = 0
    const { asked, resolve } = dns({
      'idp.test': () => (answers++ === 0 ? ['127.0.0.1'] : ['169.254.169.254']),
    })
    const guarded = createOutbound({ resolve })
    const response = await guarded.fetch({ allowPrivateNetwork: true })(`http://idp.test:${port}/`)
    expect(response.status).toBe(200)
    expect(asked).toEqual(['idp.test'])
    // The request went to the checked address, under the name it was made for.
    expect(hits[0]?.headers.host).toBe(`idp.test:${port}`)

    // The other order: the first answer is checked, refused, and nothing is connected.
    let turns = 0
    const rebinding = createOutbound({
      resolve: dns({ 'idp.test': () => (turns++ === 0 ? ['169.254.169.254'] : ['127.0.0.1']) })
        .resolve,
    })
    const error = await refusal(
      rebinding.fetch({ ...fast, allowPrivateNetwork: true })(`http://idp.test:${port}/`),
    )
    expect(error.reason).toBe('address_refused')
    expect(hits).toHaveLength(1)
  })

  it('checks every redirect it follows', async () => {
    const follow = client.fetch({ ...fast, allowPrivateNetwork: true })
    for (const to of ['http://169.254.169.254/latest/meta-data/', 'http://[::ffff:a9fe:a9fe]/']) {
      const error = await refusal(
        follow(`http://127.0.0.1:${port}/redirect?to=${encodeURIComponent(to)}`, {
          redirect: 'follow',
        }),
      )
      expect(error.reason).toBe('address_refused')
    }
    // Without the opt-in, a public first hop could not lead to loopback either.
    const { resolve } = dns({ 'public.example': ['127.0.0.1'] })
    const strict = createOutbound({ resolve }).fetch(fast)
    const error = await refusal(strict(`http://public.example:${port}/`, { redirect: 'follow' }))
    expect(error.reason).toBe('address_refused')
  })

  it('answers a refused target and an unreachable one alike, at the deadline', async () => {
    const timeoutMs = 300
    const timed = async (run: () => Promise<unknown>) => {
      const started = performance.now()
      const error = await refusal(run())
      return { code: error.code, message: error.message, ms: performance.now() - started }
    }
    const refused = await timed(() => client.fetch({ timeoutMs })('http://10.0.0.1/'))
    // A closed port on an allowed address fails at once on its own; the client waits it out.
    const closed = await timed(() =>
      client.fetch({ timeoutMs, allowPrivateNetwork: true })('http://127.0.0.1:1/'),
    )
    const unknown = await timed(() =>
      createOutbound({ resolve: dns({}).resolve }).fetch({ timeoutMs })('http://nowhere.test/'),
    )
    for (const answer of [refused, closed, unknown]) {
      expect(answer).toMatchObject({ code: refused.code, message: refused.message })
      expect(answer.ms).toBeGreaterThanOrEqual(timeoutMs - 20)
    }
  })
})
