import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ALICE, signInWithPassword } from '../../testing/bridge-fixture.js'
import { ADMIN_API_PATH } from './api.js'
import { apiBridge } from '../../testing/admin-api-test-kit.js'

/** A minimal OpenID Provider: just its discovery document, on loopback. */
let idp: Server
let idpUrl: string
beforeAll(async () => {
  idp = createServer((req, res) => {
    if (req.url !== '/.well-known/openid-configuration') return void res.writeHead(404).end()
    res.setHeader('Content-Type', 'application/json')
    res.end(
      JSON.stringify({
        issuer: idpUrl,
        authorization_endpoint: `${idpUrl}/auth`,
        token_endpoint: `${idpUrl}/token`,
        jwks_uri: `${idpUrl}/jwks`,
        response_types_supported: ['code'],
        code_challenge_methods_supported: ['plain'],
        token_endpoint_auth_methods_supported: ['client_secret_post'],
        scopes_supported: ['openid', 'email'],
      }),
    )
  })
  await new Promise<void>((done) => idp.listen(0, '127.0.0.1', done))
  idpUrl = `http://127.0.0.1:${(idp.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((done) => idp.close(() => done())))

describe('admin API', () => {
  it('adds an app that then signs users in, and shows its snippet', async () => {
    const { call, bridge } = await apiBridge()
    const created = await call('POST', '/apps', {
      body: {
        id: 'blog',
        name: 'Blog',
        callbackUrls: ['http://127.0.0.1:4005/sso/callback'],
        connections: ['staff'],
        signing: { alg: 'HS256' },
      },
    })
    expect(created.status).toBe(201)
    expect(created.json.secret).toHaveLength(43)
    const shown = await call('GET', '/apps/blog')
    expect(shown.json.app).toMatchObject({
      id: 'blog',
      signing: { alg: 'HS256', secret: '[sealed]' },
    })
    expect(shown.text).not.toContain(created.json.secret)
    expect(shown.json.snippet.pinned).toContain('integrity="sha384-')
    expect((await call('GET', '/apps')).json.apps.map((a: { id: string }) => a.id)).toContain(
      'blog',
    )
    const response = await signInWithPassword(bridge.browser(), {
      app: 'blog',
      redirect_uri: 'http://127.0.0.1:4005/sso/callback',
    })
    expect(response.status).toBe(200)
    expect(await response.text()).toContain('name="token"')
  })

  it('checks an OIDC issuer, saves the connection, and says what to copy', async () => {
    const { call } = await apiBridge()
    const check = await call('POST', '/connections/check', {
      body: {
        issuer: idpUrl,
        dangerouslyAllowHttpIssuer: true,
        dangerouslyAllowPrivateNetwork: true,
      },
    })
    expect(check.json).toMatchObject({ ok: true, issuer: idpUrl, tokenEndpoint: `${idpUrl}/token` })
    expect(check.json.warnings.join(' ')).toMatch(/S256.*UserInfo.*client_secret_basic.*profile/)
    const refused = await call('POST', '/connections/check', { body: { issuer: idpUrl } })
    expect(refused.json).toMatchObject({ ok: false, error: 'invalid_issuer' })
    const down = await call('POST', '/connections/check', {
      body: {
        issuer: 'http://127.0.0.1:1',
        dangerouslyAllowHttpIssuer: true,
        dangerouslyAllowPrivateNetwork: true,
      },
    })
    expect(down.json).toMatchObject({ ok: false, error: 'unreachable' })

    const saved = await call('POST', '/connections', {
      body: {
        id: 'corp',
        type: 'oidc',
        issuer: idpUrl,
        clientId: 'c',
        clientSecret: 'the-client-secret',
        dangerouslyAllowHttpIssuer: true,
        dangerouslyAllowPrivateNetwork: true,
      },
    })
    expect(saved.status).toBe(201)
    expect(saved.text).not.toContain('the-client-secret')
    const shown = await call('GET', '/connections/corp')
    expect(shown.json.values).toEqual([
      { label: 'Redirect URI', value: 'http://localhost:4000/connections/corp/callback' },
    ])
    expect((await call('POST', '/connections/corp/check')).json.ok).toBe(true)
    expect(
      (await call('PATCH', '/apps/shop', { body: { connections: ['staff', 'corp'] } })).status,
    ).toBe(200)
    expect((await call('DELETE', '/connections/corp')).status).toBe(409)
  })

  it('manages users: add, disable, reset password, identities, last sign-in', async () => {
    const { call, bridge } = await apiBridge()
    const added = await call('POST', '/users', {
      body: { email: 'bob@example.com', connection: 'staff' },
    })
    expect(added.status).toBe(201)
    const bob = { email: 'bob@example.com', password: added.json.password as string }
    expect((await signInWithPassword(bridge.browser(), {}, bob)).status).toBe(200)
    const shown = await call('GET', `/users/${added.json.user.id}`)
    expect(shown.json.user).toMatchObject({
      email: bob.email,
      identities: [],
      lastLoginAt: expect.any(Number),
    })
    expect((await call('POST', `/users/${added.json.user.id}/disable`)).json.user.disabled).toBe(
      true,
    )
    expect((await signInWithPassword(bridge.browser(), {}, bob)).status).toBe(401)
    await call('POST', `/users/${added.json.user.id}/enable`)
    const reset = await call('POST', `/users/${added.json.user.id}/password`, {
      body: { password: 'brand new password' },
    })
    expect(reset.json.password).toBeUndefined()
    expect(
      (await signInWithPassword(bridge.browser(), {}, { ...bob, password: 'brand new password' }))
        .status,
    ).toBe(200)
    const list = await call('GET', '/users?q=bob')
    expect(list.json.users.map((u: { email: string }) => u.email)).toEqual([bob.email])
    expect(list.text).not.toContain('argon2')
  })

  it('lists and rotates keys', async () => {
    const { call } = await apiBridge()
    const rotated = await call('POST', '/keys/rotate', {
      body: { alg: 'ES256', activateAfterSeconds: 900 },
    })
    expect(rotated.status).toBe(201)
    expect(rotated.json.key).toMatchObject({ status: 'pending', alg: 'ES256' })
    const keys = (await call('GET', '/keys')).json.keys
    expect(keys.map((k: { status: string }) => k.status).sort()).toContain('pending')
    expect(JSON.stringify(keys)).not.toMatch(/"d"|private/)
    expect((await call('POST', '/keys/rotate', { body: { alg: 'ES256' } })).status).toBe(409)
    expect((await call('POST', '/keys/rotate', { body: { alg: 'ES256', extra: 1 } })).status).toBe(
      400,
    )
  })

  it('filters the audit log, pages it, and exports JSON lines', async () => {
    const { call, bridge } = await apiBridge()
    await signInWithPassword(bridge.browser())
    await signInWithPassword(bridge.browser(), {}, { ...ALICE, password: 'wrong password!' })
    await call('PATCH', '/apps/shop', { body: { name: 'Shop 2' } })
    const failures = await call('GET', '/audit?event=sign_in.failed&app=shop')
    expect(failures.json.entries).toEqual([
      expect.objectContaining({ reason: 'invalid_credentials', email: ALICE.email }),
    ])
    const page = await call('GET', '/audit?limit=2')
    expect(page.json.entries).toHaveLength(2)
    expect(page.json.entries[0]).toMatchObject({ event: 'app.updated', actor: { type: 'api_key' } })
    const next = await call('GET', `/audit?limit=2&cursor=${page.json.nextCursor}`)
    expect(next.json.entries[0].id).not.toBe(page.json.entries[1].id)
    const future = await call('GET', `/audit?since=${new Date(Date.now() + 60_000).toISOString()}`)
    expect(future.json.entries).toEqual([])
    const exported = await call('GET', '/audit/export?app=shop')
    expect(exported.headers.get('Content-Type')).toMatch(/^application\/x-ndjson/)
    const lines = exported.text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
    expect(lines.map((l) => l.event)).toEqual([
      'app.updated',
      'sign_in.failed',
      'sign_in.succeeded',
      'app.created',
    ])
  })

  it('publishes an OpenAPI 3.1 document that covers every route', async () => {
    const { bridge, call } = await apiBridge()
    const doc = await call('GET', '/openapi.json', { key: null })
    expect(doc.status).toBe(200)
    expect(doc.json.openapi).toBe('3.1.0')
    expect(doc.json.servers).toEqual([{ url: 'http://localhost:4000/admin/api' }])
    const routes = bridge.app.routes
      .filter((r) => r.path.startsWith(`${ADMIN_API_PATH}/`) && r.method !== 'ALL')
      .filter((r) => r.path !== `${ADMIN_API_PATH}/openapi.json`)
      .map(
        (r) =>
          `${r.method.toLowerCase()} ${r.path.slice(ADMIN_API_PATH.length).replace(/:(\w+)/g, '{$1}')}`,
      )
    expect(routes.length).toBeGreaterThan(20)
    for (const route of routes) {
      const [method, path] = route.split(' ') as [string, string]
      expect(doc.json.paths[path]?.[method], route).toBeDefined()
    }
    expect(doc.json.components.schemas.AppInput.properties.callbackUrls).toBeDefined()
    expect(JSON.stringify(doc.json.components.schemas.UserInput.required)).not.toContain('password')
  })
})
