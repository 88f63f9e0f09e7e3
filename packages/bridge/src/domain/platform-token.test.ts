/**
 * The fields only a preset sets, read back as the platform reads them: DiscourseConnect's
 * payload, Shopify's Multipass customer, BigCommerce's and Mintlify's JWT claims. Apps are made
 * from config as an admin writes them, tokens by the bridge's minter on a frozen clock.
 */
import { createPublicKey, randomBytes } from 'node:crypto'
import { decodeJwt, jwtVerify } from 'jose'
import { describe, expect, it } from 'vitest'
import { applyConfig } from '../config/apply-config.js'
import { parseConfig } from '../config/load-config.js'
import { createKeystore } from '../keys/keystore.js'
import { createSecretBox } from '../keys/secret-box.js'
import { decodeDiscourseResponse } from '../platforms/discourse-connect.js'
import { decodeMultipass } from '../platforms/shopify-multipass.js'
import { memoryStorage, testConfig, testEnv } from '../testing/bridge-fixture.js'
import { MINTLIFY_KEY, PRESET_SECRET } from '../testing/preset-apps.js'
import { getApp } from './apps.js'
import { createMinter } from './mint-token.js'
import type { PlatformFacts } from './platform-token.js'
import type { User } from './users.js'

/** 2027-01-15T08:00:00.789Z: milliseconds that a to-the-second format must drop. */
const NOW = Date.UTC(2027, 0, 15, 8, 0, 0, 789)

const user: User = {
  id: 'u-42',
  connection: 'staff',
  email: 'ann.marie@example.com',
  emailVerified: true,
  name: 'Ann Marie Example',
  picture: 'https://cdn.example/ann.png',
  disabled: false,
  createdAt: 0,
  updatedAt: 0,
}
const session = { connection: 'staff', authTime: Math.floor(NOW / 1000), amr: ['pwd'] }

/** Mints for one preset app made from its config; returns the token as the platform gets it. */
async function mintFor(
  app: Record<string, unknown>,
  options: { user?: Partial<User>; platform?: PlatformFacts } = {},
) {
  const storage = await memoryStorage()
  const box = createSecretBox(randomBytes(32))
  const config = parseConfig(
    {
      ...testConfig(),
      apps: [
        {
          id: 'platform',
          callbackUrls: ['https://platform.example/callback'],
          connections: ['staff'],
          signing: { secret: PRESET_SECRET },
          ...app,
        },
      ],
    },
    testEnv,
  )
  await applyConfig(storage, box, config)
  const stored = (await getApp(storage, 'platform'))!
  const mint = createMinter({
    issuer: 'https://sso.example',
    keystore: createKeystore(storage, box),
    box,
    now: () => NOW,
  })
  return mint({
    app: stored,
    user: { ...user, ...options.user },
    session,
    platform: options.platform,
  })
}

describe('DiscourseConnect payload', () => {
  async function discourseFields(
    options: Parameters<typeof mintFor>[1] & { claims?: Record<string, unknown> } = {},
  ) {
    const token = await mintFor(
      { preset: 'discourse', claims: options.claims },
      { platform: { request: { nonce: 'forum-nonce-1', replyTo: 'https://x/' } }, ...options },
    )
    const reply = new URLSearchParams(token)
    expect([...reply.keys()]).toEqual(['sso', 'sig'])
    return decodeDiscourseResponse(reply.get('sso')!, reply.get('sig')!, PRESET_SECRET)
  }

  it('echoes the forum’s nonce and carries the user as Discourse reads it', async () => {
    expect(await discourseFields()).toEqual({
      nonce: 'forum-nonce-1',
      external_id: 'u-42',
      email: 'ann.marie@example.com',
      username: 'ann.marie',
      name: 'Ann Marie Example',
      avatar_url: 'https://cdn.example/ann.png',
      require_activation: 'false',
    })
  })

  it('asks Discourse to confirm an email the bridge has not verified', async () => {
    const fields = await discourseFields({ user: { emailVerified: false } })
    expect(fields.require_activation).toBe('true')
  })

  it('joins a fixed groups list with commas and writes fixed flags as true/false', async () => {
    const fields = await discourseFields({
      claims: {
        groups: { value: ['staff', 'beta-testers'] },
        admin: { value: false },
        moderator: { value: true },
      },
    })
    expect(fields).toMatchObject({
      groups: 'staff,beta-testers',
      admin: 'false',
      moderator: 'true',
    })
  })

  it('leaves out the fields the user has no value for', async () => {
    const fields = await discourseFields({ user: { name: undefined, picture: undefined } })
    expect(Object.keys(fields).sort()).toEqual(
      ['email', 'external_id', 'nonce', 'require_activation', 'username'].sort(),
    )
  })
})

describe('Shopify Multipass customer', () => {
  it('has created_at in UTC to the second and the return target checked at /authorize', async () => {
    const token = await mintFor(
      { preset: 'shopify-multipass' },
      { platform: { request: { target: 'https://shop.example/cart' } } },
    )
    const customer = decodeMultipass(token, PRESET_SECRET)
    expect(customer.created_at).toBe('2027-01-15T08:00:00Z')
    expect(customer).toMatchObject({
      email: 'ann.marie@example.com',
      first_name: 'Ann Marie',
      last_name: 'Example',
      identifier: 'u-42',
      return_to: 'https://shop.example/cart',
    })
  })

  it('has no return_to when the sign-in asked for none', async () => {
    const customer = decodeMultipass(await mintFor({ preset: 'shopify-multipass' }), PRESET_SECRET)
    expect(customer).not.toHaveProperty('return_to')
  })
})

describe('BigCommerce customer login claims', () => {
  const bigcommerce = (platform: Record<string, unknown> = {}) => ({
    preset: 'bigcommerce',
    platform: {
      clientId: 'bc-client-id-0001',
      storeHash: 'abc123',
      apiToken: 'api-token-0123456789',
      ...platform,
    },
  })

  it('are iss = client ID, operation, store_hash, customer_id, channel_id and redirect_to', async () => {
    const token = await mintFor(bigcommerce({ channelId: 7 }), {
      platform: { customerId: 1234, request: { target: '/cart?coupon=1' } },
    })
    const { payload } = await jwtVerify(token, new TextEncoder().encode(PRESET_SECRET), {
      algorithms: ['HS256'],
    })
    expect(payload).toEqual({
      iss: 'bc-client-id-0001',
      iat: Math.floor(NOW / 1000),
      jti: expect.stringMatching(/^[\w-]{16,}$/),
      operation: 'customer_login',
      store_hash: 'abc123',
      customer_id: 1234,
      channel_id: 7,
      redirect_to: '/cart?coupon=1',
    })
  })

  it('leave out channel_id and redirect_to when there are none', async () => {
    const claims = decodeJwt(await mintFor(bigcommerce(), { platform: { customerId: 5 } }))
    expect(claims).not.toHaveProperty('channel_id')
    expect(claims).not.toHaveProperty('redirect_to')
    expect(claims.customer_id).toBe(5)
  })

  it('give each token its own jti', async () => {
    const a = decodeJwt(await mintFor(bigcommerce(), { platform: { customerId: 5 } }))
    const b = decodeJwt(await mintFor(bigcommerce(), { platform: { customerId: 5 } }))
    expect(a.jti).not.toBe(b.jti)
  })
})

describe('Mintlify user claims', () => {
  const verify = async (token: string) =>
    (
      await jwtVerify(token, createPublicKey(MINTLIFY_KEY), {
        algorithms: ['EdDSA'],
        currentDate: new Date(NOW),
      })
    ).payload

  it('expire the docs session sessionTtl after now (a day by default); the token in 10 s', async () => {
    const iat = Math.floor(NOW / 1000)
    const payload = await verify(
      await mintFor({ preset: 'mintlify', signing: { privateKey: MINTLIFY_KEY } }),
    )
    expect(payload).toMatchObject({ iat, exp: iat + 10, expiresAt: iat + 86_400 })
  })

  it('take the sessionTtl the admin set', async () => {
    const iat = Math.floor(NOW / 1000)
    const payload = await verify(
      await mintFor({
        preset: 'mintlify',
        signing: { privateKey: MINTLIFY_KEY },
        platform: { sessionTtl: 3600 },
      }),
    )
    expect(payload.expiresAt).toBe(iat + 3600)
  })
})

describe('Freshworks id_token', () => {
  it('carries the nonce of Freshworks’ request, not one of the bridge’s', async () => {
    const token = await mintFor(
      { preset: 'freshworks', signing: { alg: 'RS256' } },
      { platform: { request: { nonce: 'freshworks-nonce-1' } } },
    )
    const claims = decodeJwt(token)
    expect(claims).toMatchObject({
      iss: 'https://sso.example',
      sub: 'u-42',
      nonce: 'freshworks-nonce-1',
      email: 'ann.marie@example.com',
      given_name: 'Ann Marie',
      family_name: 'Example',
      iat: Math.floor(NOW / 1000),
      exp: Math.floor(NOW / 1000) + 120,
    })
  })
})
