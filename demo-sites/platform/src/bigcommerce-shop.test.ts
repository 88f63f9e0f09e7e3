import { randomUUID } from 'node:crypto'
import { SignJWT, type JWTHeaderParameters } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startStore } from './index.js'

const store = {
  clientId: 'store-client-id-0123',
  clientSecret: 'store-client-secret-0123456789abcdef',
  apiToken: 'store-api-token-0123456789',
  storeHash: 'demo1234',
}
let shop: Awaited<ReturnType<typeof startStore>>
let bob: { id: number }

const api = (path: string, init: RequestInit & { token?: string | null } = {}) => {
  const token = init.token === undefined ? store.apiToken : init.token
  return fetch(`${shop.url}/stores/${store.storeHash}/v3/customers${path}`, {
    ...init,
    headers: {
      accept: 'application/json',
      'content-type': 'application/json',
      ...(token === null ? {} : { 'x-auth-token': token }),
    },
  })
}

beforeAll(async () => {
  shop = await startStore({ port: 0, bridgeUrl: 'http://localhost:4000', ...store })
  const created = await api('', {
    method: 'POST',
    body: JSON.stringify([{ email: 'bob@example.com', first_name: 'Bob', last_name: 'Buyer' }]),
  })
  bob = (await created.json()).data[0]
})
afterAll(() => shop.close())

const now = () => Math.floor(Date.now() / 1000)
const claims = (overrides: Record<string, unknown> = {}) => ({
  iss: store.clientId,
  iat: now(),
  jti: randomUUID(),
  operation: 'customer_login',
  store_hash: store.storeHash,
  customer_id: bob.id,
  ...overrides,
})
const token = (
  body: Record<string, unknown>,
  {
    key = store.clientSecret,
    header = { alg: 'HS256', typ: 'JWT' },
  }: { key?: string; header?: JWTHeaderParameters } = {},
) =>
  new SignJWT(Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined)))
    .setProtectedHeader(header)
    .sign(new TextEncoder().encode(key))

const login = (jwt: string, cookie?: string) =>
  fetch(`${shop.url}/login/token/${jwt}`, {
    redirect: 'manual',
    headers: cookie ? { cookie } : {},
  })
const sessionOf = (response: Response) =>
  response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith('store_session='))
const textOf = (page: string) => page.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ')

/** A refusal goes to /login.php?error=<reason>, signs nobody in, and the page says why. */
async function refusedWith(response: Response) {
  expect(response.status).toBe(302)
  expect(sessionOf(response)).toBeUndefined()
  const location = new URL(response.headers.get('location')!, shop.url)
  expect(location.pathname).toBe('/login.php')
  const page = textOf(await (await fetch(location)).text())
  expect(page).toContain('Invalid login.')
  return location.searchParams.get('error')
}

describe('Store, a BigCommerce-style storefront: Customers v3 API', () => {
  it('answers 401 in BigCommerce shape without the right X-Auth-Token', async () => {
    for (const t of [null, 'wrong-token']) {
      const response = await api('?email:in=bob@example.com', { token: t })
      expect(response.status).toBe(401)
      expect(await response.json()).toMatchObject({ status: 401, title: expect.any(String) })
    }
    const other = await fetch(`${shop.url}/stores/other/v3/customers`, {
      headers: { 'x-auth-token': store.apiToken },
    })
    expect(other.status).toBe(404)
  })

  it('looks customers up by email (case-insensitive) with pagination meta', async () => {
    const found = await (await api('?email:in=BOB@example.com')).json()
    expect(found.data).toEqual([expect.objectContaining({ id: bob.id, first_name: 'Bob' })])
    expect(found.meta.pagination).toMatchObject({ total: 1, count: 1, current_page: 1 })
    const none = await (await api('?email:in=nobody@example.com')).json()
    expect(none).toMatchObject({ data: [], meta: { pagination: { total: 0 } } })
  })

  it('creates customers from a JSON array and numbers them', async () => {
    const response = await api('', {
      method: 'POST',
      body: JSON.stringify([{ email: 'cy@example.com', first_name: 'Cy', last_name: 'New' }]),
    })
    expect(response.status).toBe(200)
    const { data } = await response.json()
    expect(data).toEqual([
      expect.objectContaining({
        id: expect.any(Number),
        email: 'cy@example.com',
        last_name: 'New',
      }),
    ])
    expect(data[0].id).not.toBe(bob.id)
    const found = await (await api('?email:in=cy@example.com')).json()
    expect(found.data[0].id).toBe(data[0].id)
  })

  it.each([
    ['an object, not an array', { email: 'd@example.com', first_name: 'D', last_name: 'E' }, ''],
    ['an empty array', [], ''],
    ['no last_name', [{ email: 'e@example.com', first_name: 'E' }], '0.last_name'],
    [
      'an email in use',
      [{ email: 'bob@example.com', first_name: 'B', last_name: 'B' }],
      '.customer_create',
    ],
  ])('answers 422 to a body with %s', async (_name, body, field) => {
    const response = await api('', { method: 'POST', body: JSON.stringify(body) })
    expect(response.status).toBe(422)
    const problem = await response.json()
    expect(problem).toMatchObject({ status: 422, title: 'Input is invalid' })
    expect(Object.keys(problem.errors)).toContain(field)
  })
})

describe('Store, a BigCommerce-style storefront: Customer Login /login/token/{jwt}', () => {
  it('signs the customer in and follows redirect_to', async () => {
    const response = await login(await token(claims({ redirect_to: '/cart.php?x=1' })))
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe('/cart.php?x=1')
    expect(response.headers.get('referrer-policy')).toBe('no-referrer')
    const me = await (
      await fetch(`${shop.url}/api/me`, { headers: { cookie: sessionOf(response)! } })
    ).json()
    expect(me.customer).toMatchObject({ id: bob.id, email: 'bob@example.com' })
  })

  it('goes to /account.php by default, which says who is signed in', async () => {
    const response = await login(await token(claims()))
    expect(response.headers.get('location')).toBe('/account.php')
    const account = await fetch(`${shop.url}/account.php`, {
      headers: { cookie: sessionOf(response)! },
    })
    expect(textOf(await account.text())).toContain('Signed in as Bob Buyer (bob@example.com)')
  })

  it.each([
    ['no typ header', async () => token(claims(), { header: { alg: 'HS256' } }), 'missing_typ'],
    [
      'another secret',
      async () => token(claims(), { key: 'another-secret-0123456789abcdef' }),
      'invalid_signature',
    ],
    ['HS512', async () => token(claims(), { header: { alg: 'HS512', typ: 'JWT' } }), 'wrong_alg'],
    ['no JWT at all', async () => 'not-a-jwt', 'malformed_token'],
    ['an iat 60 s old', async () => token(claims({ iat: now() - 60 })), 'bad_iat'],
    ['an iat 60 s ahead', async () => token(claims({ iat: now() + 60 })), 'bad_iat'],
    ['no iat', async () => token(claims({ iat: undefined })), 'bad_iat'],
    ['another iss', async () => token(claims({ iss: 'someone-else' })), 'wrong_issuer'],
    [
      'another operation',
      async () => token(claims({ operation: 'customer_logout' })),
      'wrong_operation',
    ],
    ['another store_hash', async () => token(claims({ store_hash: 'other' })), 'wrong_store'],
    ['no jti', async () => token(claims({ jti: undefined })), 'missing_jti'],
    [
      'an unknown customer_id',
      async () => token(claims({ customer_id: 9999 })),
      'unknown_customer',
    ],
    [
      'a string customer_id',
      async () => token(claims({ customer_id: String(bob.id) })),
      'unknown_customer',
    ],
    [
      'an absolute redirect_to',
      async () => token(claims({ redirect_to: 'https://evil.example/' })),
      'absolute_redirect_to',
    ],
    [
      'a protocol-relative redirect_to',
      async () => token(claims({ redirect_to: '//evil.example/' })),
      'absolute_redirect_to',
    ],
    [
      'a backslash redirect_to',
      async () => token(claims({ redirect_to: '/\\evil.example' })),
      'absolute_redirect_to',
    ],
  ])('refuses a token with %s, to /login.php', async (_name, make, reason) => {
    expect(await refusedWith(await login(await make()))).toBe(reason)
  })

  it('refuses a jti it has seen, even in a new token', async () => {
    const jti = randomUUID()
    expect((await login(await token(claims({ jti })))).status).toBe(302)
    expect(await refusedWith(await login(await token(claims({ jti }))))).toBe('replayed_jti')
  })

  it('sends /account.php without a session to /login.php', async () => {
    const response = await fetch(`${shop.url}/account.php`, { redirect: 'manual' })
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe('/login.php')
  })
})
