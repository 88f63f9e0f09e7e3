/**
 * Account takeover through email linking: an upstream IdP (or whoever could edit one connection)
 * names a victim's verified email. Sign-ins run against a real OpenID Provider over HTTP.
 */
import { decodeJwt } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { oidcRedirectUri } from '../routes/upstream.js'
import {
  ALICE,
  createTestBridge,
  ISSUER,
  loopbackOidc,
  memoryStorage,
  signInThroughUpstream,
  testConfig,
} from '../testing/bridge-fixture.js'
import { startHostileProvider, type HostileProvider } from '../testing/hostile-oidc-provider.js'
import { CONNECTIONS, type OidcConnection } from './connections.js'
import { userForIdentity } from './identities.js'
import { findUserByEmail, getUser, saveUser } from './users.js'

const CLIENT_ID = 'ssobridge'
const CLIENT_SECRET = 'linking-client-secret-0123456789abcdef'
const CALLBACK = 'http://127.0.0.1:4005/cb'

let idp: HostileProvider
beforeAll(async () => {
  idp = await startHostileProvider({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    redirectUris: [oidcRedirectUri(ISSUER, 'corp')],
    subject: 'corp-user-1',
    // The victim's address, "verified" by an IdP that has no say over it.
    profile: { email: ALICE.email, email_verified: true, name: 'Not Alice' },
  })
})
afterAll(() => idp.close())

const upstream = (id: string, extra: Record<string, unknown> = {}) =>
  loopbackOidc(id, idp.issuer, { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET }, extra)

async function bridgeWith(corp: Record<string, unknown> = {}) {
  const base = testConfig()
  return createTestBridge({
    config: {
      ...base,
      connections: [...base.connections, upstream('corp', corp), upstream('acquired')],
      apps: [
        ...base.apps,
        {
          id: 'intranet',
          callbackUrls: [CALLBACK],
          connections: ['corp'],
          signing: { alg: 'ES256' },
        },
      ],
    },
  })
}
type Bridge = Awaited<ReturnType<typeof bridgeWith>>

/** A whole sign-in through the IdP: the subject of the token the site receives. */
const signInThroughCorp = async (bridge: Bridge) =>
  decodeJwt(await signInThroughUpstream(bridge, 'intranet')).sub as string

async function storedOidcConnection(bridge: Bridge, id: string): Promise<OidcConnection> {
  const connection = await bridge.storage.get(CONNECTIONS, id)
  if (connection?.type !== 'oidc') throw new Error(`no OIDC connection "${id}" stored`)
  return connection
}

/** Writes a stored record as an earlier version (a boolean), or a later edit, could have left it. */
async function storeCorp(bridge: Bridge, linkByVerifiedEmail: string[] | boolean) {
  const corp = await storedOidcConnection(bridge, 'corp')
  // The boolean of the earlier version is what today's record type refuses, so it is asserted.
  await bridge.storage.set(CONNECTIONS, 'corp', { ...corp, linkByVerifiedEmail } as OidcConnection)
}

describe('an upstream identity naming a local user', () => {
  it('never signs in as the local user, even from a record that says "link" (old true)', async () => {
    const bridge = await bridgeWith()
    await storeCorp(bridge, true)
    const alice = (await findUserByEmail(bridge.storage, 'staff', ALICE.email))!
    expect(alice.emailVerified).toBe(true)
    const sub = await signInThroughCorp(bridge)
    expect(sub).not.toBe(alice.id)
    expect(await getUser(bridge.storage, sub)).toMatchObject({ connection: 'corp' })
  })

  it('never signs in as the local user when a stored list names a local connection', async () => {
    // The config and the admin services refuse this; a target deleted and recreated as a local
    // connection ends up here, so the sign-in checks again.
    const bridge = await bridgeWith()
    await storeCorp(bridge, ['staff'])
    const alice = (await findUserByEmail(bridge.storage, 'staff', ALICE.email))!
    expect(await signInThroughCorp(bridge)).not.toBe(alice.id)
  })
})

describe('linking into a named upstream connection', () => {
  async function acquiredUser(bridge: Bridge, emailVerified = true) {
    const acquired = await storedOidcConnection(bridge, 'acquired')
    return userForIdentity(bridge.storage, acquired, {
      subject: 'acquired-user-1',
      email: ALICE.email.toUpperCase(),
      emailVerified,
    })
  }

  it('joins the one verified user of that connection with the email', async () => {
    const bridge = await bridgeWith({ linkByVerifiedEmail: ['acquired'] })
    const user = await acquiredUser(bridge)
    expect(await signInThroughCorp(bridge)).toBe(user.id)
  })

  it('does not join a connection it does not name', async () => {
    const bridge = await bridgeWith()
    const user = await acquiredUser(bridge)
    expect(await signInThroughCorp(bridge)).not.toBe(user.id)
  })

  it('does not join an unverified user', async () => {
    const bridge = await bridgeWith({ linkByVerifiedEmail: ['acquired'] })
    const user = await acquiredUser(bridge, false)
    expect(await signInThroughCorp(bridge)).not.toBe(user.id)
  })
})

describe('userForIdentity', () => {
  const connection = (id: string, links: string[] = []): OidcConnection => ({
    id,
    type: 'oidc',
    name: id,
    mfa: 'off',
    updatedAt: 1,
    issuer: 'https://idp.example',
    clientId: 'c',
    tokenEndpointAuthMethod: 'client_secret_basic',
    scopes: ['openid'],
    domains: [],
    claims: {},
    linkByVerifiedEmail: links,
    timeoutSeconds: 10,
    dangerouslyAllowHttpIssuer: false,
  })

  it('links nobody when two users of the target share the email', async () => {
    const storage = await memoryStorage()
    const [a, b] = [connection('a', ['b']), connection('b')]
    for (const c of [a, b]) await storage.set(CONNECTIONS, c.id, c)
    const identity = { email: 'bob@example.com', emailVerified: true }
    await userForIdentity(storage, b, { ...identity, subject: 'b1' })
    await userForIdentity(storage, b, { ...identity, subject: 'b2' })
    const linked = await userForIdentity(storage, a, { ...identity, subject: 'a1' })
    expect(linked.connection).toBe('a')
  })

  it('finds a user by the email it has now, once the IdP changed it', async () => {
    const storage = await memoryStorage()
    const [a, b] = [connection('a', ['b']), connection('b')]
    for (const c of [a, b]) await storage.set(CONNECTIONS, c.id, c)
    const user = await userForIdentity(storage, b, {
      subject: 'b1',
      email: 'old@example.com',
      emailVerified: true,
    })
    await userForIdentity(storage, b, {
      subject: 'b1',
      email: 'new@example.com',
      emailVerified: true,
    })
    const old = await userForIdentity(storage, a, {
      subject: 'a1',
      email: 'old@example.com',
      emailVerified: true,
    })
    expect(old.id).not.toBe(user.id)
    const now = await userForIdentity(storage, a, {
      subject: 'a2',
      email: 'new@example.com',
      emailVerified: true,
    })
    expect(now.id).toBe(user.id)
  })

  it('never joins a user holding a password, whatever its connection says', async () => {
    const storage = await memoryStorage()
    const [a, b] = [connection('a', ['b']), connection('b')]
    for (const c of [a, b]) await storage.set(CONNECTIONS, c.id, c)
    const identity = { email: 'carol@example.com', emailVerified: true }
    const user = await userForIdentity(storage, b, { ...identity, subject: 'b1' })
    await saveUser(storage, { ...user, passwordHash: 'x' })
    expect((await userForIdentity(storage, a, { ...identity, subject: 'a1' })).id).not.toBe(user.id)
  })
})
