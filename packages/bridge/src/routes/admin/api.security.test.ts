/** Every admin API endpoint against missing, wrong, revoked, expired and under-scoped keys, and hostile input. */
import { describe, expect, it } from 'vitest'
import { revokeApiKey } from '../../admin/api-keys.js'
import type { ApiScope } from '../../admin/api-keys.js'
import { findUserByEmail } from '../../domain/users.js'
import { ALICE } from '../../testing/bridge-fixture.js'
import { apiBridge, ROOT } from '../../testing/admin-api-test-kit.js'

interface Endpoint {
  method: string
  path: string
  scope: ApiScope
  body?: unknown
  /** The status with a valid key, when it is not a 2xx. */
  expect?: number
}

const app = {
  id: 'blog',
  callbackUrls: ['https://blog.example/cb'],
  connections: ['staff'],
  signing: { alg: 'ES256' },
}
const USER = ':user'

const endpoints: Endpoint[] = [
  { method: 'GET', path: '/apps', scope: 'apps:read' },
  { method: 'POST', path: '/apps', scope: 'apps:write', body: app },
  { method: 'GET', path: '/apps/shop', scope: 'apps:read' },
  { method: 'PUT', path: '/apps/forum', scope: 'apps:write', body: { ...app, id: 'forum' } },
  { method: 'PATCH', path: '/apps/shop', scope: 'apps:write', body: { name: 'Shop 2' } },
  { method: 'DELETE', path: '/apps/shop', scope: 'apps:write' },
  { method: 'POST', path: '/apps/shop/secret', scope: 'apps:write' },
  { method: 'GET', path: '/connections', scope: 'connections:read' },
  {
    method: 'POST',
    path: '/connections',
    scope: 'connections:write',
    body: { id: 'extra', type: 'local' },
  },
  {
    method: 'POST',
    path: '/connections/check',
    scope: 'connections:write',
    body: { issuer: 'https://idp.invalid' },
  },
  { method: 'GET', path: '/connections/staff', scope: 'connections:read' },
  {
    method: 'PUT',
    path: '/connections/partners',
    scope: 'connections:write',
    body: { id: 'partners', type: 'local' },
  },
  {
    method: 'PATCH',
    path: '/connections/staff',
    scope: 'connections:write',
    body: { name: 'Team' },
  },
  // partner-portal uses it: refused, the check needs connections:write all the same.
  { method: 'DELETE', path: '/connections/partners', scope: 'connections:write', expect: 409 },
  // Only OIDC connections have discovery.
  { method: 'POST', path: '/connections/staff/check', scope: 'connections:write', expect: 409 },
  { method: 'GET', path: '/users', scope: 'users:read' },
  {
    method: 'POST',
    path: '/users',
    scope: 'users:write',
    body: { email: 'bob@example.com', connection: 'staff' },
  },
  { method: 'GET', path: `/users/${USER}`, scope: 'users:read' },
  { method: 'PATCH', path: `/users/${USER}`, scope: 'users:write', body: { name: 'Alice B' } },
  { method: 'POST', path: `/users/${USER}/disable`, scope: 'users:write' },
  { method: 'POST', path: `/users/${USER}/enable`, scope: 'users:write' },
  { method: 'POST', path: `/users/${USER}/password`, scope: 'users:write' },
  { method: 'POST', path: `/users/${USER}/mfa/reset`, scope: 'users:write' },
  { method: 'GET', path: '/keys', scope: 'keys:read' },
  { method: 'POST', path: '/keys/rotate', scope: 'keys:write', body: { alg: 'EdDSA' } },
  { method: 'GET', path: '/audit', scope: 'audit:read' },
  { method: 'GET', path: '/audit/export', scope: 'audit:read' },
]

/** Any scope but the needed one (and but its write twin, which includes reading). */
const otherScope = (scope: ApiScope): ApiScope =>
  scope.startsWith('audit') ? 'apps:write' : scope.startsWith('apps') ? 'audit:read' : 'apps:write'

describe('admin API authentication and scopes', async () => {
  const kit = await apiBridge()
  const alice = (await findUserByEmail(kit.bridge.storage, 'staff', ALICE.email))!
  const path = (e: Endpoint) => e.path.replace(USER, alice.id)
  const revoked = await kit.key()
  await revokeApiKey(kit.bridge.storage, ROOT, revoked.split('_')[1] as string)
  const expiring = await kit.key(undefined, { expiresInDays: 1 })

  const bad: [string, string | null][] = [
    ['no key', null],
    ['a malformed key', 'not-a-key'],
    ['an unknown key', `ssb_0123456789abcdef_${'A'.repeat(43)}`],
    ['a known id with a wrong secret', `${kit.full.slice(0, 21)}${'B'.repeat(43)}`],
    ['a revoked key', revoked],
  ]

  for (const endpoint of endpoints) {
    const name = `${endpoint.method} ${endpoint.path}`
    it(`${name}: 401 without a valid key, 403 without ${endpoint.scope}`, async () => {
      for (const [, key] of bad) {
        const r = await kit.call(endpoint.method, path(endpoint), { key, body: endpoint.body })
        expect(r.status, `${name} with ${key}`).toBe(401)
        expect(r.json).toEqual({ error: 'unauthorized', error_description: expect.any(String) })
        expect(r.headers.get('WWW-Authenticate')).toMatch(/^Bearer/)
      }
      const scoped = await kit.key([otherScope(endpoint.scope)])
      const r = await kit.call(endpoint.method, path(endpoint), {
        key: scoped,
        body: endpoint.body,
      })
      expect(r.status).toBe(403)
      expect(r.json.error).toBe('insufficient_scope')
    })
  }

  it('refuses an expired key', async () => {
    const { bridge } = kit
    const realNow = Date.now
    Date.now = () => realNow() + 2 * 86_400_000
    try {
      const r = await kit.call('GET', '/apps', { key: expiring })
      expect(r.status).toBe(401)
    } finally {
      Date.now = realNow
    }
    void bridge
  })
})

describe('admin API with a valid key', () => {
  for (const endpoint of endpoints) {
    it(`${endpoint.method} ${endpoint.path} answers 2xx JSON with the right scope only`, async () => {
      const kit = await apiBridge()
      const alice = (await findUserByEmail(kit.bridge.storage, 'staff', ALICE.email))!
      const key = await kit.key([endpoint.scope])
      const r = await kit.call(endpoint.method, endpoint.path.replace(USER, alice.id), {
        key,
        body: endpoint.body,
      })
      if (endpoint.expect) return expect(r.status, r.text).toBe(endpoint.expect)
      expect(r.status, r.text).toBeGreaterThanOrEqual(200)
      expect(r.status, r.text).toBeLessThan(300)
    })
  }
})

describe('admin API input', async () => {
  const kit = await apiBridge()

  it('refuses malformed JSON, a wrong content type, and a missing body', async () => {
    expect(await kit.call('POST', '/apps', { raw: '{"id": "x",' })).toMatchObject({
      status: 400,
      json: { error: 'invalid_request', error_description: 'The body is not valid JSON.' },
    })
    const wrongType = await kit.call('POST', '/apps', {
      raw: JSON.stringify(app),
      headers: { 'Content-Type': 'text/plain' },
    })
    expect(wrongType.status).toBe(400)
    expect((await kit.call('POST', '/apps', { raw: '' })).status).toBe(400)
    expect((await kit.call('POST', '/apps', { body: [app] })).json.error_description).toBe(
      'must be a JSON object',
    )
  })

  it('names every bad and unknown field', async () => {
    const r = await kit.call('POST', '/apps', {
      body: {
        ...app,
        callbackUrls: ['https://*.blog.example/cb', 'http://blog.example/cb'],
        tokenTtl: 99999,
        color: 'red',
      },
    })
    expect(r.status).toBe(400)
    for (const path of [
      'callbackUrls[0]',
      'callbackUrls[1]',
      'tokenTtl',
      'Unrecognized key: "color"',
    ])
      expect(r.json.error_description).toContain(path)
    const missing = await kit.call('POST', '/connections', { body: { type: 'oidc', id: 'x' } })
    expect(missing.json.error_description).toMatch(/issuer.*clientId/)
    const query = await kit.call('GET', '/audit?since=yesterday&limit=0&colour=1')
    expect(query.status).toBe(400)
    expect(query.json.error_description).toMatch(/since.*limit/)
    expect((await kit.call('GET', '/audit?cursor=abc')).status).toBe(400)
    expect((await kit.call('GET', '/users?q=a&q=b')).status).toBe(400)
  })

  it('refuses oversized bodies with 413', async () => {
    const big = { ...app, name: 'x'.repeat(70 * 1024) }
    expect(await kit.call('POST', '/apps', { body: big })).toMatchObject({
      status: 413,
      json: { error: 'payload_too_large' },
    })
    const metadata = `<x>${'a'.repeat(5 * 1024 * 1024)}</x>`
    const saml = await kit.call('POST', '/connections', {
      body: { id: 'big', type: 'saml', idpMetadata: metadata },
    })
    expect(saml.status).toBe(413)
  })

  it('stands up to hostile input', async () => {
    const proto = await kit.call('POST', '/apps', {
      raw: `{"__proto__":{"admin":true},${JSON.stringify(app).slice(1)}`,
    })
    expect(proto.status).toBe(400)
    expect(({} as Record<string, unknown>).admin).toBeUndefined()
    for (const id of ['..%2F..%2Fetc', '%00', 'x'.repeat(500), 'SHOP', '<script>'])
      expect((await kit.call('GET', `/apps/${id}`)).status).toBe(404)
    expect((await kit.call('GET', `/users/${'x'.repeat(5000)}`)).status).toBe(404)
    const file = await kit.call('POST', '/connections', {
      body: { id: 'leak', type: 'saml', idpMetadata: '../../../../etc/hostname' },
    })
    expect(file).toMatchObject({ status: 400 })
    expect(file.json.error_description).toMatch(/^idpMetadata:/)
    const doctype = await kit.call('POST', '/connections', {
      body: {
        id: 'xxe',
        type: 'saml',
        idpMetadata:
          '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
      },
    })
    expect(doctype.status).toBe(400)
    expect(doctype.text).not.toContain('root:')
    const envRef = await kit.call('POST', '/apps', {
      body: { ...app, id: 'env', signing: { alg: 'HS256', secret: 'env:SSOBRIDGE_SECRET_KEY' } },
    })
    expect(envRef.status).toBe(400)
    // A file: secret would make the bridge read a file of its host, and send it to an IdP.
    const fileRef = await kit.call('POST', '/apps', {
      body: { ...app, id: 'file', signing: { alg: 'HS256', secret: 'file:/etc/hostname' } },
    })
    expect(fileRef.status).toBe(400)
    expect(fileRef.text).toContain('file: secrets are for config files only')
    const huge = await kit.call('GET', `/audit?app=${'a'.repeat(3000)}`)
    expect(huge.status).toBe(400)
    // No cookie-based access: an admin session would not help a cross-site request either.
    expect(
      (await kit.call('GET', '/apps', { key: null, headers: { Cookie: 'ssobridge_admin=x' } }))
        .status,
    ).toBe(401)
  })

  it('answers unknown paths and methods with JSON errors', async () => {
    expect(await kit.call('GET', '/nope')).toMatchObject({
      status: 404,
      json: { error: 'not_found' },
    })
    expect((await kit.call('PATCH', '/keys')).status).toBe(404)
  })
})
