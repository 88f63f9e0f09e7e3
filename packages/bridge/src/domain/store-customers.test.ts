/**
 * BigCommerce customer lookup against the platform fake's Customers v3 API over real HTTP on
 * 127.0.0.1, through the bridge's outbound client: found, created, missing, and every bad answer.
 */
import { randomBytes } from 'node:crypto'
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { BridgeError } from '../errors.js'
import { createSecretBox } from '../keys/secret-box.js'
import { createOutbound, type Outbound, OutboundError } from '../net/outbound.js'
import { startPlatformFake, type PlatformFake } from '../testing/platform-fakes/index.js'
import { appApiTokenContext, type App } from './apps.js'
import { createStoreCustomers } from './store-customers.js'
import type { User } from './users.js'

const STORE_HASH = 'abc123'
const API_TOKEN = 'bc-api-token-0123456789'
const box = createSecretBox(randomBytes(32))

let outbound: Outbound
let fake: PlatformFake
beforeAll(() => {
  outbound = createOutbound()
})
afterAll(async () => {
  await outbound.close()
})
afterEach(async () => {
  await fake?.close()
})

async function startStore() {
  fake = await startPlatformFake({
    platform: 'bigcommerce',
    key: 'client-secret-0123456789',
    account: { client_id: 'cid', store_hash: STORE_HASH, api_token: API_TOKEN },
  })
  return fake.customers!
}

/** The store app as stored: its API token sealed, its API on the fake's loopback port. */
function storeApp(platform: Partial<NonNullable<App['platform']>> = {}, apiToken = API_TOKEN): App {
  return {
    id: 'store',
    name: 'Store',
    callbackUrls: [`${fake.origin}/login/token/`],
    connections: ['staff'],
    signing: { alg: 'HS256', secretSealed: box.seal('client-secret', 'unused') },
    tokenTtl: 30,
    delivery: 'query',
    preset: 'bigcommerce',
    updatedAt: 0,
    dangerouslyAllowPrivateNetwork: true,
    platform: {
      clientId: 'cid',
      storeHash: STORE_HASH,
      apiTokenSealed: box.seal(apiToken, appApiTokenContext('store')),
      apiUrl: fake.origin,
      ...platform,
    },
  }
}

const user = (fields: Partial<User> = {}): User => ({
  id: 'u-1',
  connection: 'staff',
  email: 'alice@example.com',
  emailVerified: true,
  disabled: false,
  createdAt: 0,
  updatedAt: 0,
  ...fields,
})

const customers = (timeoutMs?: number) => createStoreCustomers({ box, outbound, timeoutMs })

/** The BridgeError a lookup failed with. */
async function failure(promise: Promise<unknown>): Promise<BridgeError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(BridgeError)
  return error as BridgeError
}

describe('store customers: lookup', () => {
  it('finds the customer with the user’s email, whatever its case, and creates none', async () => {
    const api = await startStore()
    api.add({ email: 'bob@example.com', first_name: 'Bob', last_name: 'B' })
    const alice = api.add({ email: 'Alice@Example.COM', first_name: 'Alice', last_name: 'E' })
    expect(await customers()(storeApp({ createCustomers: true }), user())).toBe(alice.id)
    expect(api.requests.map((r) => r.method)).toEqual(['GET'])
    expect(api.customers).toHaveLength(2)
  })

  it('sends the API token as X-Auth-Token, never in the URL', async () => {
    const api = await startStore()
    await customers()(storeApp({ createCustomers: true }), user())
    expect(api.requests.map((r) => r.method)).toEqual(['GET', 'POST'])
    for (const request of api.requests) {
      expect(request.token).toBe(API_TOKEN)
      expect(request.path).not.toContain(API_TOKEN)
      expect(request.path).toMatch(new RegExp(`^/stores/${STORE_HASH}/v3/customers`))
    }
  })
})

describe('store customers: creation', () => {
  it.each([
    ['the user’s own split names', { givenName: 'Ann', familyName: 'Marie' }, 'Ann', 'Marie'],
    ['a name split at its last space', { name: 'Ann Marie Example' }, 'Ann Marie', 'Example'],
    ['a one-word name, in both', { name: 'Cher' }, 'Cher', 'Cher'],
    ['no name: the email’s local part, in both', {}, 'alice', 'alice'],
  ])('creates the customer with %s', async (_, names, first, last) => {
    const api = await startStore()
    const id = await customers()(storeApp({ createCustomers: true }), user(names))
    expect(api.customers).toEqual([
      expect.objectContaining({
        id,
        email: 'alice@example.com',
        first_name: first,
        last_name: last,
      }),
    ])
  })

  it('signs in as the customer another sign-in created meanwhile', async () => {
    const api = await startStore()
    const handle = api.handle.bind(api)
    let other: number | undefined
    api.handle = (req, res, url, body) => {
      const answered = handle(req, res, url, body)
      if (req.method === 'GET' && other === undefined)
        other = api.add({ email: 'alice@example.com', first_name: 'A', last_name: 'E' }).id
      return answered
    }
    expect(await customers()(storeApp({ createCustomers: true }), user())).toBe(other)
  })

  it('refuses (platform_customer_missing) and creates none when createCustomers is off', async () => {
    const api = await startStore()
    api.add({ email: 'bob@example.com', first_name: 'Bob', last_name: 'B' })
    for (const createCustomers of [false, undefined]) {
      const error = await failure(customers()(storeApp({ createCustomers }), user()))
      expect([error.code, error.reason]).toEqual(['platform_refused', 'platform_customer_missing'])
    }
    expect(api.requests.map((r) => r.method)).toEqual(['GET', 'GET'])
    expect(api.customers).toHaveLength(1)
  })
})

describe('store customers: a store that answers badly', () => {
  it.each([
    ['answers 500', 'error500'],
    ['answers garbage', 'garbage'],
  ] as const)('%s: upstream_error (platform_api_failed)', async (_, mode) => {
    const api = await startStore()
    api.mode = mode
    const error = await failure(customers()(storeApp({ createCustomers: true }), user()))
    expect([error.code, error.reason]).toEqual(['upstream_error', 'platform_api_failed'])
    // Nothing is created after a lookup that failed.
    expect(api.requests.map((r) => r.method)).toEqual(['GET'])
  })

  it('refuses a wrong API token (401) as platform_api_failed', async () => {
    const api = await startStore()
    const error = await failure(
      customers()(storeApp({ createCustomers: true }, 'wrong-token-0123456789'), user()),
    )
    expect([error.code, error.reason]).toEqual(['upstream_error', 'platform_api_failed'])
    expect(api.customers).toHaveLength(0)
  })

  it('refuses another store’s hash (404) as platform_api_failed', async () => {
    await startStore()
    const error = await failure(customers()(storeApp({ storeHash: 'other1' }), user()))
    expect([error.code, error.reason]).toEqual(['upstream_error', 'platform_api_failed'])
  })

  it('gives up on a store that does not answer: upstream_unavailable (platform_api_timeout)', async () => {
    const api = await startStore()
    api.mode = 'timeout'
    const error = await failure(customers(200)(storeApp({ createCustomers: true }), user()))
    expect([error.code, error.reason]).toEqual(['upstream_unavailable', 'platform_api_timeout'])
    expect(api.requests).toHaveLength(1)
  }, 5000)

  it('refuses an app without store hash or API token as invalid_config', async () => {
    await startStore()
    for (const missing of [{ storeHash: undefined }, { apiTokenSealed: undefined }]) {
      const error = await failure(customers()(storeApp(missing), user()))
      expect(error.code).toBe('invalid_config')
    }
  })
})

/** A server on loopback that records what reached it and answers `answer`. */
async function loopbackServer(answer: (res: ServerResponse) => void) {
  const seen: IncomingHttpHeaders[] = []
  const server = createServer((req, res) => {
    seen.push(req.headers)
    answer(res)
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const { port } = server.address() as AddressInfo
  const close = () => new Promise<void>((done) => server.close(() => done()))
  return { port, seen, close }
}

describe('store customers: a store API that redirects', () => {
  it('does not follow it: platform_api_failed, the token never leaves the API origin', async () => {
    const other = await loopbackServer((res) =>
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ data: [{ id: 666, email: 'alice@example.com' }] })),
    )
    const redirecting = await loopbackServer((res) =>
      // localhost and 127.0.0.1 are different origins on the same loopback address.
      res.writeHead(307, { location: `http://localhost:${other.port}/steal` }).end(),
    )
    try {
      await startStore()
      const app = storeApp({ apiUrl: `http://127.0.0.1:${redirecting.port}` })
      const error = await failure(customers(1000)(app, user()))
      expect([error.code, error.reason]).toEqual(['upstream_error', 'platform_api_failed'])
    } finally {
      expect(other.seen.map((h) => h['x-auth-token'])).toEqual([])
      await Promise.all([other.close(), redirecting.close()])
    }
  })
})

describe('store customers: the address policy', () => {
  it('does not reach a loopback store without dangerouslyAllowPrivateNetwork', async () => {
    const api = await startStore()
    const app = { ...storeApp({ createCustomers: true }), dangerouslyAllowPrivateNetwork: false }
    const error = await failure(customers(200)(app, user()))
    // A refused address fails like a silent one (net/outbound.ts): same code and reason.
    expect([error.code, error.reason]).toEqual(['upstream_unavailable', 'platform_api_timeout'])
    expect(error.cause).toBeInstanceOf(OutboundError)
    expect((error.cause as OutboundError).reason).toBe('address_refused')
    expect(api.requests).toHaveLength(0)
  }, 5000)
})
