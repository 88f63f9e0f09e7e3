/**
 * Probing the private network through the bridge: a `connections:write` key (or `apps:write`, for
 * the back-channel logout URL) turns on dangerouslyAllowPrivateNetwork and points the bridge's
 * discovery, metadata or logout requests at loopback, the intranet or cloud metadata. Turning it
 * on needs the `admin` scope (or a recent console sign-in) and is audited with before and after;
 * turning it off stays open to the write scopes.
 */
import { describe, expect, it } from 'vitest'
import { APPS } from '../../domain/apps.js'
import { listAudit } from '../../domain/audit-log.js'
import { CONNECTIONS } from '../../domain/connections.js'
import { adminServicesOf } from './api.js'
import { apiBridge, corp, ROOT } from '../../testing/admin-api-test-kit.js'
import {
  ageAdminSessions,
  consoleBridge,
  submitEdit,
} from '../../testing/admin-console-test-kit.js'

const partner = {
  id: 'partner',
  type: 'saml',
  idpMetadataUrl: 'https://idp.partner.example/metadata',
}
const intranet = {
  id: 'intranet',
  callbackUrls: ['https://intranet.example/cb'],
  connections: ['corp'],
  signing: { alg: 'ES256' },
  backchannelLogoutUrl: 'https://intranet.example/backchannel-logout',
}
const on = { dangerouslyAllowPrivateNetwork: true }

const refusal = {
  status: 403,
  json: {
    error: 'insufficient_scope',
    error_description:
      'Changing dangerouslyAllowPrivateNetwork to true (requests to loopback and private networks) needs an API key with the admin scope.',
  },
}

async function kit() {
  const api = await apiBridge()
  for (const body of [corp, partner]) {
    const r = await api.call('POST', '/connections', { body })
    expect(r.status, r.text).toBe(201)
  }
  const r = await api.call('POST', '/apps', { body: intranet })
  expect(r.status, r.text).toBe(201)
  const storage = api.bridge.storage
  /** Entries of one event, or of a family (`app`, `connection`). */
  const audit = async (event: string) => (await listAudit(storage, { event })).entries
  return {
    ...api,
    connectionWriter: await api.key(['connections:read', 'connections:write']),
    appWriter: await api.key(['apps:read', 'apps:write']),
    connection: (id: string) => storage.get(CONNECTIONS, id),
    app: (id: string) => storage.get(APPS, id),
    audit,
  }
}

describe('admin API: a connections:write key cannot turn on dangerouslyAllowPrivateNetwork', () => {
  const attempts: [string, string, string, Record<string, unknown>][] = [
    ['a new OIDC connection', 'POST', '/connections', { ...corp, id: 'probe', ...on }],
    ['a new SAML connection', 'POST', '/connections', { ...partner, id: 'probe', ...on }],
    ['an OIDC connection by PATCH', 'PATCH', '/connections/corp', on],
    ['an OIDC connection by PUT', 'PUT', '/connections/corp', { ...corp, ...on }],
    ['a SAML connection by PATCH', 'PATCH', '/connections/partner', on],
  ]

  it.each(attempts)('refuses %s and stores nothing', async (_, method, path, body) => {
    const { call, connectionWriter, connection, audit } = await kit()
    const stored = async () => [await connection('corp'), await connection('partner')]
    const before = { stored: await stored(), audit: await audit('connection') }
    expect(await call(method, path, { key: connectionWriter, body })).toMatchObject(refusal)
    expect(await connection('probe')).toBeUndefined()
    expect({ stored: await stored(), audit: await audit('connection') }).toEqual(before)
  })

  it('refuses the unsaved Check into private networks, which is the same probe', async () => {
    const { call, connectionWriter } = await kit()
    const body = { issuer: 'http://127.0.0.1:1', dangerouslyAllowHttpIssuer: true, ...on }
    expect(await call('POST', '/connections/check', { key: connectionWriter, body })).toMatchObject(
      refusal,
    )
  })

  it('still makes every other edit, and keeps the opt-in an admin set', async () => {
    const { call, connectionWriter, connection, audit } = await kit()
    expect((await call('PATCH', '/connections/corp', { body: on })).status).toBe(200)
    const r = await call('PATCH', '/connections/corp', {
      key: connectionWriter,
      body: { name: 'Corp', domains: ['corp.example'], ...on },
    })
    expect(r.status, r.text).toBe(200)
    expect(await connection('corp')).toMatchObject({ name: 'Corp', ...on })
    // Only the admin's change is a private-network change.
    expect(await audit('connection.private_network_changed')).toHaveLength(1)
  })
})

describe('admin API: an apps:write key cannot turn it on for an app', () => {
  const attempts: [string, string, string, Record<string, unknown>][] = [
    ['a new app', 'POST', '/apps', { ...intranet, id: 'probe', ...on }],
    ['an app by PATCH', 'PATCH', '/apps/intranet', on],
    ['an app by PUT', 'PUT', '/apps/intranet', { ...intranet, ...on }],
  ]

  it.each(attempts)('refuses %s and stores nothing', async (_, method, path, body) => {
    const { call, appWriter, app, audit } = await kit()
    const before = await app('intranet')
    const appAudit = await audit('app')
    expect(await call(method, path, { key: appWriter, body })).toMatchObject(refusal)
    expect(await app('probe')).toBeUndefined()
    expect(await app('intranet')).toEqual(before)
    expect(await audit('app')).toEqual(appAudit)
  })
})

describe('admin API: an admin key turns it on, audited with before and after', () => {
  it('on a new connection, an existing one and an app', async () => {
    // The kit's default key holds every scope, `admin` included.
    const { call, connection, app, audit } = await kit()
    for (const [method, path, body] of [
      ['POST', '/connections', { ...corp, id: 'lab', ...on }],
      ['PATCH', '/connections/partner', on],
      ['PATCH', '/apps/intranet', on],
    ] as const) {
      const r = await call(method, path, { body })
      expect(r.status, `${path}: ${r.text}`).toBeLessThan(300)
    }
    expect(await connection('lab')).toMatchObject(on)
    expect(await connection('partner')).toMatchObject(on)
    expect(await app('intranet')).toMatchObject(on)
    const change = {
      actor: { type: 'api_key' },
      before: { dangerouslyAllowPrivateNetwork: false },
      after: { dangerouslyAllowPrivateNetwork: true },
    }
    const connections = await audit('connection.private_network_changed')
    expect(connections.map((e) => e.connection).sort()).toEqual(['lab', 'partner'])
    for (const entry of connections) expect(entry).toMatchObject(change)
    expect(await audit('app.private_network_changed')).toMatchObject([
      { app: 'intranet', ...change },
    ])
    expect(JSON.stringify(connections)).not.toContain('corp-client-secret')
  })
})

describe('admin API: the write scopes turn it off, audited', () => {
  it('for a connection and an app, by PATCH and by PUT', async () => {
    const { call, connectionWriter, appWriter, connection, app, audit } = await kit()
    for (const [path, body] of [
      ['/connections/corp', on],
      ['/connections/partner', on],
      ['/apps/intranet', on],
    ] as const)
      expect((await call('PATCH', path, { body })).status).toBe(200)

    const off = { dangerouslyAllowPrivateNetwork: false }
    for (const [method, path, key, body] of [
      ['PATCH', '/connections/corp', connectionWriter, off],
      // PUT without the field replaces it with the default: off.
      ['PUT', '/connections/partner', connectionWriter, partner],
      ['PATCH', '/apps/intranet', appWriter, off],
    ] as const) {
      const r = await call(method, path, { key, body })
      expect(r.status, `${method} ${path}: ${r.text}`).toBe(200)
    }
    for (const record of [
      await connection('corp'),
      await connection('partner'),
      await app('intranet'),
    ])
      expect(record).not.toMatchObject(on)
    const turnedOff = {
      actor: { type: 'api_key' },
      before: { dangerouslyAllowPrivateNetwork: true },
      after: { dangerouslyAllowPrivateNetwork: false },
    }
    const connections = await audit('connection.private_network_changed')
    expect(
      connections.filter((e) => JSON.stringify(e.after) === JSON.stringify(turnedOff.after)),
    ).toMatchObject([
      { connection: 'partner', ...turnedOff },
      { connection: 'corp', ...turnedOff },
    ])
    expect((await audit('app.private_network_changed'))[0]).toMatchObject({
      app: 'intranet',
      ...turnedOff,
    })
  })
})

describe('console: turning it on needs a recent sign-in', () => {
  it('refuses it from a sign-in older than 5 minutes, and saves it right after signing in', async () => {
    const { bridge, signIn } = await consoleBridge()
    await adminServicesOf(bridge.services).connections.create(ROOT, corp)
    const { browser } = await signIn()
    await ageAdminSessions(bridge.storage, 6)
    const before = await bridge.storage.get(CONNECTIONS, 'corp')
    const tick = { dangerouslyAllowPrivateNetwork: 'on' }
    const refused = await submitEdit(browser, '/admin/connections/corp', tick)
    expect(refused.status).toBe(403)
    expect(await refused.text()).toContain(
      'Changing dangerouslyAllowPrivateNetwork to true (requests to loopback and private networks) needs a recent sign-in',
    )
    expect(await bridge.storage.get(CONNECTIONS, 'corp')).toEqual(before)

    await ageAdminSessions(bridge.storage, -6)
    expect((await submitEdit(browser, '/admin/connections/corp', tick)).status).toBe(303)
    expect(await bridge.storage.get(CONNECTIONS, 'corp')).toMatchObject(on)
    const { entries } = await listAudit(bridge.storage, {
      event: 'connection.private_network_changed',
    })
    expect(entries).toMatchObject([
      { actor: { type: 'admin' }, after: { dangerouslyAllowPrivateNetwork: true } },
    ])
  })
})
