/** The BigCommerce fake's Customers v3 API: lookups, creation, auth, and the bad answers it can give. */
import { afterEach, describe, expect, it } from 'vitest'
import { startPlatformFake, type PlatformFake } from './index.js'

let fake: PlatformFake | undefined
afterEach(async () => {
  await fake?.close()
  fake = undefined
})

const store = async () => {
  fake = await startPlatformFake({
    platform: 'bigcommerce',
    key: 'client-secret',
    account: { client_id: 'cid', store_hash: 'abc123', api_token: 'api-token' },
  })
  return { fake, base: `${fake.origin}/stores/abc123/v3/customers` }
}
const auth = { 'x-auth-token': 'api-token', accept: 'application/json' }

describe('BigCommerce Customers v3 fake', () => {
  it('finds customers by email:in, case-insensitively, in BigCommerce’s list shape', async () => {
    const { fake, base } = await store()
    const ada = fake.customers?.add({
      email: 'ada@example.com',
      first_name: 'Ada',
      last_name: 'Lovelace',
    })
    fake.customers?.add({ email: 'bob@example.com', first_name: 'Bob', last_name: 'B' })
    const res = await fetch(`${base}?email:in=${encodeURIComponent('ADA@example.com')}`, {
      headers: auth,
    })
    expect(res.status).toBe(200)
    const body = (await res.json()) as {
      data: Array<{ id: number; email: string }>
      meta: { pagination: { total: number } }
    }
    expect(body.data.map((c) => c.id)).toEqual([ada?.id])
    expect(body.meta.pagination.total).toBe(1)
    const none = (await (
      await fetch(`${base}?email:in=nobody%40example.com`, { headers: auth })
    ).json()) as { data: unknown[] }
    expect(none.data).toEqual([])
  })

  it('creates customers from an array, and refuses a duplicate email or missing names with 422', async () => {
    const { fake, base } = await store()
    const post = (body: unknown) =>
      fetch(base, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
    const created = await post([
      { email: 'ada@example.com', first_name: 'Ada', last_name: 'Lovelace' },
    ])
    expect(created.status).toBe(200)
    const { data } = (await created.json()) as { data: Array<{ id: number; email: string }> }
    expect(data[0]).toMatchObject({ id: 1, email: 'ada@example.com' })
    expect(fake.customers?.customers).toHaveLength(1)
    const again = await post([
      { email: 'ada@example.com', first_name: 'Ada', last_name: 'Lovelace' },
    ])
    expect(again.status).toBe(422)
    expect(
      ((await again.json()) as { errors: Record<string, string> }).errors['.customer_create'],
    ).toMatch(/already in use/)
    const nameless = await post([{ email: 'x@example.com', first_name: 'X' }])
    expect(nameless.status).toBe(422)
    expect(Object.keys(((await nameless.json()) as { errors: object }).errors)).toEqual([
      '0.last_name',
    ])
  })

  it('answers 401 without the right X-Auth-Token and 404 for another store', async () => {
    const { fake, base } = await store()
    expect((await fetch(`${base}?email:in=a%40b.c`)).status).toBe(401)
    expect(
      (await fetch(`${base}?email:in=a%40b.c`, { headers: { 'x-auth-token': 'wrong' } })).status,
    ).toBe(401)
    expect(
      (await fetch(`${fake.origin}/stores/other/v3/customers`, { headers: auth })).status,
    ).toBe(404)
    expect(fake.customers?.requests.map((r) => r.token)).toEqual([undefined, 'wrong', 'api-token'])
  })

  it('answers badly when told to: 500, garbage, or not at all', async () => {
    const { fake, base } = await store()
    const customers = fake.customers
    if (!customers) throw new Error('the BigCommerce fake has a Customers API')
    customers.mode = 'error500'
    expect((await fetch(base, { headers: auth })).status).toBe(500)
    customers.mode = 'garbage'
    const garbage = await fetch(base, { headers: auth })
    await expect(garbage.json()).rejects.toThrow()
    customers.mode = 'timeout'
    const hung = await fetch(base, { headers: auth, signal: AbortSignal.timeout(300) }).catch(
      (e: Error) => e.name,
    )
    expect(hung).toBe('TimeoutError')
  })
})
