/**
 * Takeover by pointing a connection at another IdP: a `connections:write` key changes the issuer,
 * the client id, the SAML metadata or certificate of a connection with users to an IdP it runs,
 * which then asserts their subjects; or it deletes the connection and creates it again to inherit
 * them. The first needs the `admin` scope (or a recent console sign-in) and is audited with before
 * and after; a deleted connection's identities are forgotten.
 */
import { X509Certificate } from 'node:crypto'
import { decodeJwt } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { normalizeCertificate } from '../../connections/saml-metadata.js'
import { listAudit } from '../../domain/audit-log.js'
import { CONNECTIONS, isUpstream } from '../../domain/connections.js'
import { IDENTITIES, userForIdentity } from '../../domain/identities.js'
import { generateCertifiedKeyPair } from '../../keys/self-signed-certificate.js'
import type { Storage } from '../../storage/types.js'
import {
  createTestBridge,
  ISSUER,
  memoryStorage,
  signInThroughUpstream,
  testConfig,
} from '../../testing/bridge-fixture.js'
import { startHostileProvider, type HostileProvider } from '../../testing/hostile-oidc-provider.js'
import type { TestBrowser } from '../../testing/test-browser.js'
import { oidcRedirectUri } from '../upstream.js'
import { adminServicesOf } from './api.js'
import { apiBridge, corp, ROOT } from '../../testing/admin-api-test-kit.js'
import {
  ageAdminSessions,
  consoleBridge,
  submitEdit,
} from '../../testing/admin-console-test-kit.js'

const legit = generateCertifiedKeyPair('idp.corp.example').certificate
const attacker = generateCertifiedKeyPair('idp.attacker.example').certificate
const bare = (pem: string) => normalizeCertificate(pem)
const fingerprint = (pem: string) => new X509Certificate(pem).fingerprint256

const metadataFor = (entityId: string, pem: string, sso = `${entityId}/sso`) =>
  `<?xml version="1.0"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="${entityId}">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${bare(pem)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="${sso}"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>`

/** SAML with the SSO URL and the certificate given by hand. */
const partner = {
  id: 'partner',
  type: 'saml',
  entryPoint: 'https://idp.partner.example/sso',
  idpEntityId: 'https://idp.partner.example',
  idpCert: legit,
}
/** SAML from inline metadata. */
const vendor = {
  id: 'vendor',
  type: 'saml',
  idpMetadata: metadataFor('https://vendor.example', legit),
}
/** Nobody has signed in through it yet. */
const fresh = { ...corp, id: 'fresh', issuer: 'https://fresh.example' }

const refusal = {
  status: 403,
  json: {
    error: 'insufficient_scope',
    error_description:
      'Changing the identity provider of a connection that has users or links by email needs an API key with the admin scope.',
  },
}

/** A first sign-in through the connection, as the upstream callback records it. */
async function signedInOnce(storage: Storage, id: string, subject = 'employee-1') {
  const connection = await storage.get(CONNECTIONS, id)
  if (!connection || !isUpstream(connection))
    throw new Error(`no upstream connection "${id}" stored`)
  return userForIdentity(storage, connection, {
    subject,
    email: `${subject}@${id}.example`,
    emailVerified: true,
  })
}

async function kit() {
  const api = await apiBridge()
  for (const body of [corp, partner, vendor, fresh]) {
    const r = await api.call('POST', '/connections', { body })
    expect(r.status, r.text).toBe(201)
  }
  for (const id of ['corp', 'partner', 'vendor']) await signedInOnce(api.bridge.storage, id)
  const writer = await api.key(['connections:write'])
  const stored = (id: string) => api.bridge.storage.get(CONNECTIONS, id)
  const idpChanges = async () =>
    (await listAudit(api.bridge.storage, { event: 'connection.idp_changed' })).entries
  return { ...api, writer, stored, idpChanges }
}

describe('admin API: a connections:write key cannot point a connection with users at another IdP', () => {
  const attempts: [string, string, string, Record<string, unknown>][] = [
    ['an OIDC issuer', 'PATCH', 'corp', { issuer: 'https://attacker.example' }],
    ['an OIDC issuer by PUT', 'PUT', 'corp', { ...corp, issuer: 'https://attacker.example' }],
    ['an OIDC client id', 'PATCH', 'corp', { clientId: 'attackers-client' }],
    ['a pinned SAML certificate', 'PATCH', 'partner', { idpCert: attacker }],
    ['a second pinned certificate', 'PATCH', 'partner', { idpCert: [legit, attacker] }],
    ['the SSO URL', 'PATCH', 'partner', { entryPoint: 'https://attacker.example/sso' }],
    ['the IdP entity ID', 'PATCH', 'partner', { idpEntityId: 'https://attacker.example' }],
    ['the subject attribute', 'PATCH', 'partner', { subjectAttribute: 'displayName' }],
    [
      'the certificate in the metadata',
      'PATCH',
      'vendor',
      { idpMetadata: metadataFor('https://vendor.example', attacker) },
    ],
    [
      'the whole metadata',
      'PATCH',
      'vendor',
      { idpMetadata: metadataFor('https://attacker.example', attacker) },
    ],
    [
      'metadata from a URL',
      'PUT',
      'vendor',
      { id: 'vendor', type: 'saml', idpMetadataUrl: 'https://attacker.example/md' },
    ],
  ]

  it.each(attempts)('refuses %s and changes nothing', async (_, method, id, body) => {
    const { call, writer, stored, idpChanges } = await kit()
    const before = await stored(id)
    expect(await call(method, `/connections/${id}`, { key: writer, body })).toMatchObject(refusal)
    expect(await stored(id)).toEqual(before)
    expect(await idpChanges()).toEqual([])
  })

  it('refuses it for a connection that links by email, before anyone signed in through it', async () => {
    const { call, writer, stored } = await kit()
    // Its IdP would decide who joins corp's users.
    const linked = await call('PATCH', '/connections/fresh', {
      body: { linkByVerifiedEmail: ['corp'] },
    })
    expect(linked.status, linked.text).toBe(200)
    const before = await stored('fresh')
    expect(
      await call('PATCH', '/connections/fresh', {
        key: writer,
        body: { issuer: 'https://attacker.example' },
      }),
    ).toMatchObject(refusal)
    expect(await stored('fresh')).toEqual(before)
  })

  it('still makes every other edit, and re-points a connection nobody signed in through', async () => {
    const { call, writer, stored } = await kit()
    const edits: [string, Record<string, unknown>][] = [
      ['corp', { name: 'Corp', domains: ['corp.example'], scopes: ['openid', 'email'] }],
      ['corp', { clientSecret: 'a-rotated-client-secret' }],
      // The same certificate written another way, the same metadata with other line breaks.
      ['partner', { idpCert: [bare(legit)], clockSkewSeconds: 30 }],
      [
        'vendor',
        { idpMetadata: metadataFor('https://vendor.example', legit).replace(/\n/g, '\r\n') },
      ],
      ['fresh', { issuer: 'https://new.fresh.example', clientId: 'another' }],
    ]
    for (const [id, body] of edits) {
      const r = await call('PATCH', `/connections/${id}`, { key: writer, body })
      expect(r.status, `${id}: ${r.text}`).toBe(200)
    }
    expect(await stored('fresh')).toMatchObject({ issuer: 'https://new.fresh.example' })
  })
})

describe('admin API: an admin key changes the IdP, audited with before and after', () => {
  it('an OIDC issuer', async () => {
    // The kit's default key holds every scope, `admin` included.
    const { call, idpChanges } = await kit()
    const r = await call('PATCH', '/connections/corp', {
      body: { issuer: 'https://login.corp.example' },
    })
    expect(r.status, r.text).toBe(200)
    const entries = await idpChanges()
    expect(entries).toHaveLength(1)
    expect(entries[0]).toMatchObject({
      actor: { type: 'api_key' },
      connection: 'corp',
      before: { issuer: 'https://corp.example', clientId: 'ssobridge' },
      after: { issuer: 'https://login.corp.example', clientId: 'ssobridge' },
    })
    expect(JSON.stringify(entries[0])).not.toContain('corp-client-secret')
  })

  it('a SAML certificate and metadata, shown as fingerprints', async () => {
    const { call, idpChanges } = await kit()
    for (const [id, body] of [
      ['partner', { idpCert: attacker }],
      ['vendor', { idpMetadata: metadataFor('https://vendor.example', attacker) }],
    ] as const) {
      const r = await call('PATCH', `/connections/${id}`, { body })
      expect(r.status, r.text).toBe(200)
    }
    const [vendorEntry, partnerEntry] = await idpChanges()
    expect(partnerEntry).toMatchObject({
      connection: 'partner',
      before: { idpCert: [fingerprint(legit)], entryPoint: partner.entryPoint },
      after: { idpCert: [fingerprint(attacker)], entryPoint: partner.entryPoint },
    })
    expect(vendorEntry).toMatchObject({
      connection: 'vendor',
      before: {
        idpMetadata: {
          entityId: 'https://vendor.example',
          ssoUrl: 'https://vendor.example/sso',
          certificates: [fingerprint(legit)],
        },
      },
      after: { idpMetadata: { certificates: [fingerprint(attacker)] } },
    })
    for (const entry of [partnerEntry, vendorEntry])
      expect(JSON.stringify(entry)).not.toContain(bare(attacker).slice(0, 64))
  })
})

describe('console: changing the IdP of a connection with users needs a recent sign-in', () => {
  async function signedIn() {
    const { bridge, signIn } = await consoleBridge()
    await adminServicesOf(bridge.services).connections.create(ROOT, corp)
    await signedInOnce(bridge.storage, 'corp')
    const { browser } = await signIn()
    return { bridge, browser }
  }

  const edit = (browser: TestBrowser, changes: Record<string, string>) =>
    submitEdit(browser, '/admin/connections/corp', changes)

  it('refuses it from a sign-in older than 5 minutes, and saves it right after signing in', async () => {
    const { bridge, browser } = await signedIn()
    await ageAdminSessions(bridge.storage, 6)
    const before = await bridge.storage.get(CONNECTIONS, 'corp')
    const refused = await edit(browser, { issuer: 'https://attacker.example' })
    expect(refused.status).toBe(403)
    expect(await refused.text()).toContain(
      'Changing the identity provider of a connection that has users or links by email needs a recent sign-in',
    )
    expect(await bridge.storage.get(CONNECTIONS, 'corp')).toEqual(before)

    await ageAdminSessions(bridge.storage, -6)
    expect((await edit(browser, { issuer: 'https://login.corp.example' })).status).toBe(303)
    const { entries } = await listAudit(bridge.storage, { event: 'connection.idp_changed' })
    expect(entries[0]).toMatchObject({
      actor: { type: 'admin' },
      after: { issuer: 'https://login.corp.example' },
    })
  })
})

describe('the config file (apply, start --config) may change it, audited', () => {
  it('records the file as the actor, with before and after', async () => {
    const storage = await memoryStorage()
    const masterKey = Buffer.alloc(32, 7)
    const withCorp = (issuer: string) =>
      testConfig({ connections: [...testConfig().connections, { ...corp, issuer }] })
    await createTestBridge({ storage, masterKey, config: withCorp('https://corp.example') })
    await signedInOnce(storage, 'corp')
    await createTestBridge({ storage, masterKey, config: withCorp('https://login.corp.example') })
    const { entries } = await listAudit(storage, { event: 'connection.idp_changed' })
    expect(entries).toHaveLength(1)
    expect(entries[0]).toMatchObject({
      actor: { type: 'config' },
      before: { issuer: 'https://corp.example' },
      after: { issuer: 'https://login.corp.example' },
    })
  })
})

describe('deleting a connection forgets who signed in through it', () => {
  const CLIENT_ID = 'ssobridge'
  const CLIENT_SECRET = 'recreate-client-secret-0123456789abcdef'
  const CALLBACK = 'http://127.0.0.1:4005/cb'
  let idp: HostileProvider
  beforeAll(async () => {
    // Stands for the IdP of whoever re-creates the connection: it asserts the old subject.
    idp = await startHostileProvider({
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      redirectUris: [oidcRedirectUri(ISSUER, 'corp')],
      subject: 'employee-1',
      profile: { email: 'employee-1@corp.example', email_verified: true, name: 'Employee' },
    })
  })
  afterAll(() => idp.close())

  const upstream = {
    id: 'corp',
    type: 'oidc',
    issuer: '',
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    dangerouslyAllowHttpIssuer: true,
    // The IdP runs on loopback.
    dangerouslyAllowPrivateNetwork: true,
    timeoutSeconds: 5,
  }
  const intranet = {
    id: 'intranet',
    callbackUrls: [CALLBACK],
    connections: ['corp'],
    signing: { alg: 'ES256' },
  }

  const signIn = async (bridge: Awaited<ReturnType<typeof apiBridge>>['bridge']) =>
    decodeJwt(await signInThroughUpstream(bridge, 'intranet')).sub as string

  it('a connection re-created with the same id does not sign the old subject in as the old user', async () => {
    const base = testConfig()
    const { bridge, call, key } = await apiBridge({
      config: {
        ...base,
        connections: [
          ...base.connections,
          { ...upstream, issuer: idp.issuer },
          { ...upstream, id: 'corp-eu', issuer: idp.issuer },
        ],
        apps: [...base.apps, intranet],
      },
    })
    const old = await signIn(bridge)
    const neighbour = await signedInOnce(bridge.storage, 'corp-eu')
    const writer = await key(['connections:write'])

    // Whoever removed it from the app deletes it, and another key creates it again.
    const unused = await call('PATCH', '/apps/intranet', { body: { connections: ['staff'] } })
    expect(unused.status, unused.text).toBe(200)
    expect((await call('DELETE', '/connections/corp', { key: writer })).status).toBe(204)
    expect(await bridge.storage.list(IDENTITIES, { prefix: 'corp|' })).toEqual([])
    const { entries } = await listAudit(bridge.storage, { event: 'connection.deleted' })
    expect(entries[0]).toMatchObject({ connection: 'corp', after: { identitiesRemoved: 1 } })

    // The loopback opt-in of this test's IdP needs the admin scope as well.
    const again = await call('POST', '/connections', {
      key: await key(['connections:write', 'admin']),
      body: { ...upstream, issuer: idp.issuer },
    })
    expect(again.status, again.text).toBe(201)
    const used = await call('PATCH', '/apps/intranet', { body: { connections: ['corp'] } })
    expect(used.status, used.text).toBe(200)

    const now = await signIn(bridge)
    expect(now).not.toBe(old)
    expect(await bridge.storage.get(IDENTITIES, 'corp|employee-1')).toBe(now)
    // Another connection whose id starts the same keeps its own.
    expect(await bridge.storage.get(IDENTITIES, 'corp-eu|employee-1')).toBe(neighbour.id)
  })
})
