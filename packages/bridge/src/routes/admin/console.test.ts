import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getApp } from '../../domain/apps.js'
import { listAudit } from '../../domain/audit-log.js'
import { ALICE, signInWithPassword } from '../../testing/bridge-fixture.js'
import { ADMIN, consoleBridge, formFields, post } from '../../testing/admin-console-test-kit.js'

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
        userinfo_endpoint: `${idpUrl}/me`,
        jwks_uri: `${idpUrl}/jwks`,
        response_types_supported: ['code'],
      }),
    )
  })
  await new Promise<void>((done) => idp.listen(0, '127.0.0.1', done))
  idpUrl = `http://127.0.0.1:${(idp.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((done) => idp.close(() => done())))

describe('admin console', () => {
  it('signs an admin in and out, with its own cookie', async () => {
    const { bridge, signIn } = await consoleBridge()
    const browser = bridge.browser()
    const anonymous = await browser.get('/admin')
    expect(anonymous.status).toBe(303)
    expect(anonymous.headers.get('Location')).toBe('/admin/login')
    const wrong = await signIn(browser, { ...ADMIN, password: 'not the password' })
    expect(wrong.response.status).toBe(401)
    expect(await wrong.response.text()).toContain('Wrong email or password.')
    const { response } = await signIn(browser)
    expect(response.status).toBe(303)
    expect(response.headers.get('Set-Cookie')).toMatch(
      /ssobridge_admin=[^;]+;.*HttpOnly.*SameSite=Strict/i,
    )
    const overview = await browser.get('/admin')
    expect(overview.status).toBe(200)
    const html = await overview.text()
    expect(html).toContain(ADMIN.email)
    await post(browser, '/admin/logout', formFields(html, '/admin/logout'))
    expect((await browser.get('/admin')).status).toBe(303)
    const events = (await listAudit(bridge.storage, { event: 'admin' })).entries.map((e) => e.event)
    expect(events).toEqual(['admin.signed_in', 'admin.sign_in_failed', 'admin.created'])
  })

  it('adds an app: secret shown once, snippet with SRI, the app then signs users in', async () => {
    const { bridge, signIn } = await consoleBridge()
    const { browser } = await signIn()
    const form = formFields(await (await browser.get('/admin/apps/new')).text(), '/admin/apps/new')
    const created = await post(browser, '/admin/apps/new', [
      ...Object.entries({
        ...form,
        id: 'blog',
        name: 'Blog',
        callbackUrls: 'http://127.0.0.1:4005/sso/callback\n',
        alg: 'HS256',
        tokenTtl: '90',
      }),
      ['connections', 'staff'],
      ['connections', 'partners'],
    ])
    expect(created.status).toBe(200)
    expect(created.headers.get('Cache-Control')).toBe('no-store')
    const page = await created.text()
    const secret = /id="copy-\d+" type="text" readonly="" value="([A-Za-z0-9_-]{43})"/.exec(
      page,
    )?.[1]
    expect(secret).toBeDefined()
    expect(page).toContain('integrity=&quot;sha384-')
    expect(page).toContain('data-app=&quot;blog&quot;')
    expect(await getApp(bridge.storage, 'blog')).toMatchObject({
      connections: ['staff', 'partners'],
      tokenTtl: 90,
    })
    const again = await (await browser.get('/admin/apps/blog')).text()
    expect(again).not.toContain(secret)
    const response = await signInWithPassword(bridge.browser(), {
      app: 'blog',
      redirect_uri: 'http://127.0.0.1:4005/sso/callback',
    })
    expect(response.status).toBe(200)

    // An edit that leaves the secret empty keeps it, and says what is wrong with bad input.
    const edit = formFields(again, '/admin/apps/blog')
    const bad = await post(browser, '/admin/apps/blog', [
      ...Object.entries({ ...edit, callbackUrls: 'https://blog.example/*' }),
      ['connections', 'staff'],
    ])
    expect(bad.status).toBe(400)
    expect(await bad.text()).toContain('must not contain a wildcard')
    const saved = await post(browser, '/admin/apps/blog', [
      ...Object.entries({
        ...edit,
        callbackUrls: 'http://127.0.0.1:4005/sso/callback',
        name: 'The Blog',
      }),
      ['connections', 'staff'],
    ])
    expect(saved.headers.get('Location')).toBe('/admin/apps/blog?done=saved')
    expect((await getApp(bridge.storage, 'blog'))?.name).toBe('The Blog')
  })

  it('adds an OIDC connection after a Check, and shows the redirect URI to copy', async () => {
    const { signIn } = await consoleBridge()
    const { browser } = await signIn()
    const action = '/admin/connections/new?type=oidc'
    const form = formFields(await (await browser.get(action)).text(), action)
    const fields: [string, string][] = [
      ...Object.entries(form),
      ['id', 'corp'],
      ['name', 'Corp'],
      ['issuer', idpUrl],
      ['clientId', 'bridge'],
      ['clientSecret', 'the-client-secret'],
      ['dangerouslyAllowHttpIssuer', 'on'],
      ['dangerouslyAllowPrivateNetwork', 'on'],
    ]
    const checked = await (await post(browser, action, [...fields, ['action', 'check']])).text()
    expect(checked).toContain('Discovery works.')
    expect(checked).toContain(`${idpUrl}/token`)
    expect(checked).not.toContain('the-client-secret')
    const saved = await post(browser, action, [...fields, ['action', 'save']])
    expect(saved.headers.get('Location')).toBe('/admin/connections/corp?done=created')
    const page = await (await browser.get('/admin/connections/corp')).text()
    expect(page).toContain('value="http://localhost:4000/connections/corp/callback"')
    expect(page).not.toContain('the-client-secret')
  })

  it('adds a user with a generated password shown once, disables them, sees the audit', async () => {
    const { bridge, signIn } = await consoleBridge()
    const { browser } = await signIn()
    const form = formFields(
      await (await browser.get('/admin/users/new')).text(),
      '/admin/users/new',
    )
    const created = await post(browser, '/admin/users/new', {
      ...form,
      email: 'bob@example.com',
      connection: 'staff',
    })
    const page = await created.text()
    const password = /readonly="" value="([^"]{16})"/.exec(page)?.[1]
    expect(password).toBeDefined()
    expect(
      (
        await signInWithPassword(
          bridge.browser(),
          {},
          { email: 'bob@example.com', password: password! },
        )
      ).status,
    ).toBe(200)
    const id = /\/admin\/users\/([\w-]+)\/disable/.exec(page)![1]!
    await post(
      browser,
      `/admin/users/${id}/disable`,
      formFields(page, `/admin/users/${id}/disable`),
    )
    expect(await (await browser.get(`/admin/users/${id}`)).text()).toContain('disabled')
    const audit = await (await browser.get(`/admin/audit?user=${id}`)).text()
    expect(audit).toContain('user.disabled')
    expect(audit).toContain(`admin: ${ADMIN.email}`)
    const list = await (await browser.get('/admin/users?q=bob')).text()
    expect(list).toContain('bob@example.com')
    expect(list).not.toContain(ALICE.email)
  })

  it('rotates a signing key and creates an API key that works on the API', async () => {
    const { bridge, signIn } = await consoleBridge()
    const { browser } = await signIn()
    const keysPage = await (await browser.get('/admin/keys')).text()
    const rotated = await post(browser, '/admin/keys/rotate', {
      ...formFields(keysPage, '/admin/keys/rotate'),
      alg: 'ES256',
    })
    expect(rotated.headers.get('Location')).toBe('/admin/keys?done=rotated')
    expect(await (await browser.get('/admin/keys')).text()).toContain('pending')
    const created = await post(browser, '/admin/api-keys', [
      ...Object.entries(formFields(keysPage, '/admin/api-keys')),
      ['name', 'ci'],
      ['scopes', 'apps:read'],
    ])
    const key = /value="(ssb_[0-9a-f]{16}_[A-Za-z0-9_-]{43})"/.exec(await created.text())?.[1]
    expect(key).toBeDefined()
    const api = await bridge.app.request('http://localhost:4000/admin/api/apps', {
      headers: { Authorization: `Bearer ${key}` },
    })
    expect(api.status).toBe(200)
    expect(await (await browser.get('/admin/keys')).text()).not.toContain(key)
  })

  it('filters the audit log and exports it as JSON lines', async () => {
    const { bridge, signIn } = await consoleBridge()
    const { browser } = await signIn()
    await signInWithPassword(bridge.browser())
    const page = await (await browser.get('/admin/audit?event=sign_in&app=shop')).text()
    expect(page).toContain('sign_in.succeeded')
    expect(page).not.toContain('app.created')
    const bad = await browser.get('/admin/audit?since=tomorrow')
    expect(bad.status).toBe(400)
    const exported = await browser.get('/admin/audit.jsonl?app=shop')
    expect(exported.headers.get('Content-Type')).toMatch(/x-ndjson/)
    const lines = (await exported.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).event)
    expect(lines).toEqual(['sign_in.succeeded', 'app.created'])
  })
})
