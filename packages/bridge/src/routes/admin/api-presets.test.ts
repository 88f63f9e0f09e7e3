import { createPublicKey, generateKeyPairSync } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { appApiTokenContext, appPrivateKeyContext, appSecretContext } from '../../domain/apps.js'
import { getApp } from '../../domain/apps.js'
import { activePublicKeyPem } from '../../keys/public-key-pem.js'
import { apiBridge } from '../../testing/admin-api-test-kit.js'

const SECRET = 'discourse-connect-secret-0123'
const API_TOKEN = 'bc-api-token-0123456789'
const EDDSA_KEY = String(
  generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }),
)

const base = (id: string, preset: string) => ({
  id,
  preset,
  connections: ['staff'],
  callbackUrls: [`https://${id}.example/session/sso_login`],
})

const bigcommerce = {
  ...base('store', 'bigcommerce'),
  callbackUrls: ['https://store.example/login/token/'],
  signing: { secret: 'bc-client-secret-0123456789' },
  platform: {
    clientId: 'bc-client-id',
    storeHash: 'abc123',
    apiToken: API_TOKEN,
    createCustomers: true,
    channelId: 2,
  },
}

/** The `path: message` pairs of a refusal, as the API states them. */
const reasons = (json: { error_description: string }) => json.error_description.split('; ')

describe('admin API: preset apps', () => {
  it('adds a Discourse app with its secret, shows the sign-in URL, never the secret', async () => {
    const { call, bridge } = await apiBridge()
    const created = await call('POST', '/apps', {
      body: { ...base('community', 'discourse'), signing: { secret: SECRET } },
    })
    expect(created.status).toBe(201)
    // The platform chose the secret: none is generated and shown.
    expect(created.json.secret).toBeUndefined()
    const shown = await call('GET', '/apps/community')
    expect(shown.json.app).toMatchObject({
      preset: 'discourse',
      signing: { alg: 'HS256', secret: '[sealed]' },
    })
    expect(shown.json.signInUrl).toBe('http://localhost:4000/authorize?app=community')
    expect(shown.json.publicKeyPem).toBeUndefined()
    expect(shown.text).not.toContain(SECRET)

    // An edit that leaves the secret out keeps it.
    const renamed = await call('PATCH', '/apps/community', {
      body: { name: 'Forum', signing: {}, claims: { admin: { value: true } } },
    })
    expect(renamed.status).toBe(200)
    const stored = await getApp(bridge.storage, 'community')
    expect(stored?.signing.alg).toBe('HS256')
    if (stored?.signing.alg !== 'HS256') throw new Error('not a shared secret')
    expect(
      bridge.services.box.open(stored.signing.secretSealed, appSecretContext('community')),
    ).toBe(SECRET)
    expect(stored.claims).toEqual({ admin: { value: true } })
  })

  it('adds a BigCommerce app with its store, keeping the API token write-only', async () => {
    const { call, bridge } = await apiBridge()
    expect((await call('POST', '/apps', { body: bigcommerce })).status).toBe(201)
    const shown = await call('GET', '/apps/store')
    expect(shown.json.app.platform).toEqual({
      clientId: 'bc-client-id',
      storeHash: 'abc123',
      apiToken: '[sealed]',
      createCustomers: true,
      channelId: 2,
    })
    expect(shown.text).not.toContain(API_TOKEN)

    // PUT without the token and the secret (`signing: {}`: the preset's key), and a new store hash: both kept.
    const replaced = await call('PUT', '/apps/store', {
      body: {
        ...bigcommerce,
        signing: {},
        platform: { ...bigcommerce.platform, apiToken: undefined, storeHash: 'def456' },
      },
    })
    expect(replaced.status).toBe(200)
    const stored = await getApp(bridge.storage, 'store')
    expect(stored?.platform?.storeHash).toBe('def456')
    expect(
      bridge.services.box.open(stored?.platform?.apiTokenSealed ?? '', appApiTokenContext('store')),
    ).toBe(API_TOKEN)
    expect((await call('PATCH', '/apps/store', { body: { name: 'Store' } })).status).toBe(200)
    expect((await call('GET', '/apps/store')).json.app.platform.apiToken).toBe('[sealed]')
  })

  it('adds a Mintlify app with the key Mintlify issued, kept sealed across edits', async () => {
    const { call, bridge } = await apiBridge()
    const created = await call('POST', '/apps', {
      body: {
        ...base('docs', 'mintlify'),
        signing: { privateKey: EDDSA_KEY },
        platform: { sessionTtl: 3600 },
      },
    })
    expect(created.status).toBe(201)
    const shown = await call('GET', '/apps/docs')
    expect(shown.json.app).toMatchObject({
      signing: { alg: 'EdDSA', privateKey: '[sealed]' },
      platform: { sessionTtl: 3600 },
      tokenTtl: 10,
    })
    expect(shown.text).not.toContain('PRIVATE KEY')
    expect((await call('PATCH', '/apps/docs', { body: { name: 'Docs' } })).status).toBe(200)
    const stored = await getApp(bridge.storage, 'docs')
    if (stored?.signing.alg !== 'EdDSA') throw new Error('not an EdDSA app')
    expect(
      bridge.services.box.open(stored.signing.privateKeySealed ?? '', appPrivateKeyContext('docs')),
    ).toBe(EDDSA_KEY)
  })

  it("shows a Freshworks app the bridge's RS256 public key as PEM", async () => {
    const { call, bridge } = await apiBridge()
    const created = await call('POST', '/apps', {
      body: { ...base('help', 'freshworks'), signing: { alg: 'RS256' } },
    })
    expect(created.status).toBe(201)
    const shown = await call('GET', '/apps/help')
    expect(shown.json.publicKeyPem).toBe(
      await activePublicKeyPem(bridge.services.keystore, 'RS256'),
    )
    expect(createPublicKey(shown.json.publicKeyPem).asymmetricKeyType).toBe('rsa')
  })

  it('keeps Help Scout on HS512 through an edit', async () => {
    const { call, bridge } = await apiBridge()
    await call('POST', '/apps', {
      body: { ...base('kb', 'helpscout-docs'), signing: { secret: SECRET } },
    })
    expect((await getApp(bridge.storage, 'kb'))?.tokenAlg).toBe('HS512')
    expect((await call('PATCH', '/apps/kb', { body: { name: 'KB' } })).status).toBe(200)
    expect(await getApp(bridge.storage, 'kb')).toMatchObject({ name: 'KB', tokenAlg: 'HS512' })
  })

  it('refuses what the platform would not take, at the field', async () => {
    const { call } = await apiBridge()
    const refused = async (body: Record<string, unknown>) => {
      const response = await call('POST', '/apps', { body })
      expect(response.status).toBe(400)
      expect(response.json.error).toBe('invalid_request')
      return reasons(response.json)
    }
    const forum = { ...base('community', 'discourse'), signing: { secret: SECRET } }
    expect(await refused({ ...forum, claims: { moderator: 'groups' } })).toEqual([
      expect.stringMatching(/^claims\.moderator: grants rights on discourse: .*fixed value/),
    ])
    expect(
      await refused({
        ...base('readme', 'readme'),
        signing: { secret: SECRET },
        claims: { isAdmin: ['email'] },
      }),
    ).toEqual([expect.stringMatching(/^claims\.isAdmin: .*only be set as a fixed value/)])
    // Wrong kind of key for the platform.
    expect(await refused({ ...base('docs', 'mintlify'), signing: { secret: SECRET } })).toContain(
      'signing.privateKey: the mintlify preset needs the private key Mintlify generated (PKCS#8 PEM)',
    )
    expect(
      await refused({ ...base('docs', 'mintlify'), signing: { privateKey: 'not a key' } }),
    ).toEqual(['signing.privateKey: must be an Ed25519 private key in PKCS#8 PEM'])
    expect(await refused({ ...base('help', 'freshworks'), signing: { secret: SECRET } })).toContain(
      "signing.alg: the freshworks preset signs with the bridge's RS256 key: signing: { alg: RS256 }",
    )
    // A setting of another platform.
    expect(await refused({ ...forum, platform: { sessionTtl: 3600 } })).toEqual([
      'platform.sessionTtl: is not a setting of discourse',
    ])
    expect(await refused({ ...bigcommerce, platform: { clientId: 'x' } })).toEqual([
      'platform.storeHash: is required: the bigcommerce preset looks customers up with it',
      'platform.apiToken: is required: the bigcommerce preset looks customers up with it',
    ])
    // Too short a secret, and none at all: the platform gives one, the bridge makes none up.
    expect(await refused({ ...forum, signing: { secret: 'short' } })).toEqual([
      'signing.secret: must be at least 10 bytes',
    ])
    expect(await refused({ ...forum, signing: { alg: 'HS256' } })).toContain(
      'signing.secret: the discourse preset needs the secret Discourse gives you',
    )
    expect(await refused({ ...forum, signing: { alg: 'HS512', secret: SECRET } })).toEqual([
      'signing.alg: Discourse takes HS256 with its secret only',
    ])
    // Nothing refused was stored.
    expect((await call('GET', '/apps')).json.apps.map((a: { id: string }) => a.id).sort()).toEqual([
      'forum',
      'partner-portal',
      'shop',
    ])
  })
})
