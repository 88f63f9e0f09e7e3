/**
 * Who may change what decides who an upstream identity is (email linking and trust): the admin
 * API needs the `admin` scope, the console a sign-in of the last 5 minutes; each change is
 * audited with before and after. Also the rules PUT and PATCH share, and names without controls.
 */
import { describe, expect, it } from 'vitest'
import { CONNECTIONS } from '../../domain/connections.js'
import { listAudit } from '../../domain/audit-log.js'
import { generateCertifiedKeyPair } from '../../keys/self-signed-certificate.js'
import type { TestBrowser } from '../../testing/test-browser.js'
import { adminServicesOf } from './api.js'
import { apiBridge, ROOT } from '../../testing/admin-api-test-kit.js'
import {
  ageAdminSessions,
  consoleBridge,
  submitEdit,
} from '../../testing/admin-console-test-kit.js'

const corp = {
  id: 'corp',
  type: 'oidc',
  name: 'Corp',
  issuer: 'https://corp.example',
  clientId: 'ssobridge',
  clientSecret: 'corp-client-secret',
}
const acquired = { ...corp, id: 'acquired', issuer: 'https://acquired.example' }

const { certificate } = generateCertifiedKeyPair('idp.test')
const metadata = `<?xml version="1.0"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="https://idp.test/saml">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${certificate.replace(/-----[^-]+-----|\s/g, '')}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.test/sso"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>`
const partner = { id: 'partner', type: 'saml', idpMetadata: metadata }

async function kit() {
  const api = await apiBridge()
  for (const body of [corp, acquired, partner]) {
    const r = await api.call('POST', '/connections', { body })
    expect(r.status, r.text).toBe(201)
  }
  const writer = await api.key(['connections:write'])
  const stored = async (id: string) => api.bridge.storage.get(CONNECTIONS, id)
  return { ...api, writer, stored }
}

describe('admin API: a connections:write key cannot change email linking or trust', () => {
  const refused = {
    status: 403,
    json: {
      error: 'insufficient_scope',
      error_description:
        'Changing email linking or email trust needs an API key with the admin scope.',
    },
  }

  it('refuses turning linking on, by PATCH, PUT or a new connection, and changes nothing', async () => {
    const { call, writer, stored } = await kit()
    const before = await stored('corp')
    const link = { linkByVerifiedEmail: ['acquired'] }
    expect(await call('PATCH', '/connections/corp', { key: writer, body: link })).toMatchObject(
      refused,
    )
    expect(
      await call('PUT', '/connections/corp', { key: writer, body: { ...corp, ...link } }),
    ).toMatchObject(refused)
    expect(
      await call('POST', '/connections', { key: writer, body: { ...corp, id: 'corp2', ...link } }),
    ).toMatchObject(refused)
    expect(await stored('corp')).toEqual(before)
    expect(await stored('corp2')).toBeUndefined()
  })

  it('refuses vouching for emails: SAML trustEmail, the OIDC email_verified claim', async () => {
    const { call, writer, stored } = await kit()
    const before = await stored('partner')
    expect(
      await call('PATCH', '/connections/partner', { key: writer, body: { trustEmail: true } }),
    ).toMatchObject(refused)
    expect(
      await call('PATCH', '/connections/corp', {
        key: writer,
        body: { claims: { emailVerified: 'upn_verified' } },
      }),
    ).toMatchObject(refused)
    expect(await stored('partner')).toEqual(before)
  })

  it('refuses recreating a connection another one links into', async () => {
    const { call, writer } = await kit()
    const linked = await call('PATCH', '/connections/corp', {
      body: { linkByVerifiedEmail: ['acquired'] },
    })
    expect(linked.status, linked.text).toBe(200)
    expect((await call('DELETE', '/connections/acquired', { key: writer })).status).toBe(204)
    expect(await call('POST', '/connections', { key: writer, body: acquired })).toMatchObject(
      refused,
    )
  })

  it('still makes every other edit', async () => {
    const { call, writer } = await kit()
    const r = await call('PATCH', '/connections/corp', { key: writer, body: { name: 'Corp 2' } })
    expect(r.status, r.text).toBe(200)
  })
})

describe('admin API: an admin key changes linking, audited with before and after', () => {
  it('links into another upstream connection', async () => {
    // The kit's default key holds every scope, `admin` included.
    const { call, bridge } = await kit()
    const r = await call('PATCH', '/connections/corp', {
      body: { linkByVerifiedEmail: ['acquired'] },
    })
    expect(r.status, r.text).toBe(200)
    expect(r.json.linkByVerifiedEmail).toEqual(['acquired'])
    const { entries } = await listAudit(bridge.storage, { event: 'connection.email_trust_changed' })
    expect(entries).toHaveLength(1)
    expect(entries[0]).toMatchObject({
      actor: { type: 'api_key' },
      connection: 'corp',
      before: { linkByVerifiedEmail: [], emailVerifiedClaim: null, emailClaim: null },
      after: { linkByVerifiedEmail: ['acquired'], emailVerifiedClaim: null, emailClaim: null },
    })
  })

  it('refuses a local connection, an unknown one, and the old boolean, naming the field', async () => {
    const { call } = await kit()
    const patch = (linkByVerifiedEmail: unknown) =>
      call('PATCH', '/connections/corp', { body: { linkByVerifiedEmail } })
    for (const [value, path] of [
      [['staff'], 'linkByVerifiedEmail[0]: is a local connection'],
      [['acquired', 'nowhere'], 'linkByVerifiedEmail[1]: no connection with id "nowhere"'],
      [true, 'linkByVerifiedEmail: is now the list of connections'],
    ] as const) {
      const r = await patch(value)
      expect(r.status, r.text).toBe(400)
      expect(r.json.error).toBe('invalid_request')
      expect(r.json.error_description).toContain(path)
    }
  })
})

describe('admin API: PUT and PATCH hold the same rules', () => {
  it('refuses a type change by PUT as PATCH does', async () => {
    const { call, stored } = await kit()
    const before = await stored('corp')
    for (const method of ['PUT', 'PATCH']) {
      const r = await call(method, '/connections/corp', { body: { id: 'corp', type: 'local' } })
      expect(r.status, method).toBe(400)
      expect(r.json).toEqual({
        error: 'invalid_request',
        error_description: 'type: cannot be changed; create another connection',
      })
    }
    expect(await stored('corp')).toEqual(before)
  })

  it('patches a SAML connection made from inline metadata', async () => {
    const { call, stored } = await kit()
    const r = await call('PATCH', '/connections/partner', { body: { name: 'Partner Inc' } })
    expect(r.status, r.text).toBe(200)
    expect((await stored('partner'))?.name).toBe('Partner Inc')
  })
})

describe('names refuse control characters', () => {
  it.each(['\u001b]0;owned\u0007', '\u009b2J', 'two\nlines'])('%j', async (control) => {
    const { call } = await kit()
    const message = 'name: must not contain control characters'
    const app = {
      id: 'blog',
      name: `Blog${control}`,
      callbackUrls: ['https://blog.example/cb'],
      connections: ['staff'],
      signing: { alg: 'ES256' },
    }
    const answers = [
      await call('POST', '/apps', { body: app }),
      await call('PATCH', '/connections/corp', { body: { name: `Corp${control}` } }),
      await call('POST', '/users', {
        body: { email: 'eve@example.com', connection: 'staff', name: `Eve${control}` },
      }),
    ]
    for (const r of answers) {
      expect(r.status, r.text).toBe(400)
      expect(r.json.error_description).toBe(message)
    }
  })
})

describe('console: a change of email linking or trust needs a recent sign-in', () => {
  async function signedIn() {
    const { bridge, signIn } = await consoleBridge()
    const admin = adminServicesOf(bridge.services)
    for (const body of [corp, acquired]) await admin.connections.create(ROOT, body)
    const { browser } = await signIn()
    return { bridge, browser }
  }

  const edit = (browser: TestBrowser, changes: Record<string, string>) =>
    submitEdit(browser, '/admin/connections/corp', changes)

  it('saves linking right after signing in', async () => {
    const { bridge, browser } = await signedIn()
    const saved = await edit(browser, { linkByVerifiedEmail: 'acquired' })
    expect(saved.status).toBe(303)
    expect(await bridge.storage.get(CONNECTIONS, 'corp')).toMatchObject({
      linkByVerifiedEmail: ['acquired'],
    })
    const { entries } = await listAudit(bridge.storage, { event: 'connection.email_trust_changed' })
    expect(entries[0]).toMatchObject({
      actor: { type: 'admin' },
      after: { linkByVerifiedEmail: ['acquired'] },
    })
  })

  it('refuses it from a sign-in older than 5 minutes, and keeps other edits possible', async () => {
    const { bridge, browser } = await signedIn()
    await ageAdminSessions(bridge.storage, 6)
    const before = await bridge.storage.get(CONNECTIONS, 'corp')
    const refused = await edit(browser, { linkByVerifiedEmail: 'acquired' })
    expect(refused.status).toBe(403)
    expect(await refused.text()).toContain('needs a recent sign-in')
    expect(await bridge.storage.get(CONNECTIONS, 'corp')).toEqual(before)
    expect((await edit(browser, { name: 'Corp 2' })).status).toBe(303)
  })
})
