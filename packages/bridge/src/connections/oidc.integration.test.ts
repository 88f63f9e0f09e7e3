/** The bridge as a relying party of a real OpenID Provider (oidc-provider) on loopback. */
import { startOidcIdp, type DemoIdpUser } from '@ssobridge/demo-idp-oidc'
import { decodeJwt } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findUserByEmail } from '../domain/users.js'
import { authorizeUrl, createTestBridge, testConfig } from '../testing/bridge-fixture.js'
import { readForm } from '../testing/test-browser.js'
import { TwoSiteBrowser } from '../testing/upstream-flow.js'

const carol: DemoIdpUser = {
  id: 'carol-0001',
  email: 'carol@corp.example',
  emailVerified: true,
  name: 'Carol Corp',
  givenName: 'Carol',
  familyName: 'Corp',
  password: 'carol-password',
  groups: ['staff', 'admins'],
}
const CLIENT_SECRET = 'corp-client-secret-0123456789abcdef'

let idp: Awaited<ReturnType<typeof startOidcIdp>>
beforeAll(async () => {
  idp = await startOidcIdp({
    port: 0,
    users: [carol],
    clients: [
      {
        client_id: 'ssobridge',
        client_secret: CLIENT_SECRET,
        redirect_uris: ['http://localhost:4000/connections/corp/callback'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
  })
})
afterAll(() => idp.close())

function config(corp: Record<string, unknown> = {}) {
  const base = testConfig()
  return {
    ...base,
    connections: [
      ...base.connections,
      {
        id: 'corp',
        type: 'oidc',
        name: 'Example Corp',
        issuer: idp.issuer,
        clientId: 'ssobridge',
        clientSecret: CLIENT_SECRET,
        domains: ['corp.example'],
        dangerouslyAllowHttpIssuer: true,
        dangerouslyAllowPrivateNetwork: true,
        ...corp,
      },
    ],
    apps: [
      { ...base.apps[0], connections: ['staff', 'corp'] },
      { ...base.apps[1], connections: ['staff', 'corp'] },
      {
        id: 'intranet',
        callbackUrls: ['http://127.0.0.1:4005/cb'],
        connections: ['corp'],
        signing: { alg: 'ES256' },
      },
    ],
  }
}

async function signInAtIdp(browser: TwoSiteBrowser, start: Response) {
  const loginPage = await browser.follow(start)
  expect(loginPage.status).toBe(200)
  const done = await browser.submitUpstreamLogin(loginPage, {
    email: carol.email,
    password: carol.password,
  })
  expect(done.status).toBe(200)
  return readForm(await done.text())
}

describe('upstream OIDC with a real provider', () => {
  it('offers the connection on the login page and signs in through it', async () => {
    const bridge = await createTestBridge({ config: config() })
    const browser = new TwoSiteBrowser(bridge.browser(), idp.issuer)
    const start = await browser.bridge.get(authorizeUrl({}))
    const page = await (await browser.follow(start)).text()
    const href = /<a class="button" href="([^"]+)">Continue with Example Corp<\/a>/.exec(page)?.[1]
    expect(href).toMatch(/^\/connections\/corp\/start\?tx=/)
    const { action, fields } = await signInAtIdp(
      browser,
      await browser.bridge.get(href!.replace(/&amp;/g, '&')),
    )
    expect(action).toBe('http://127.0.0.1:4001/sso/callback')
    const claims = decodeJwt(fields.token!)
    expect(claims).toMatchObject({
      aud: 'shop',
      nonce: 'state-123',
      email: carol.email,
      email_verified: true,
      name: 'Carol Corp',
      given_name: 'Carol',
      family_name: 'Corp',
      idp: 'corp',
    })
    // The provider reports no amr; an empty list is left out rather than claimed.
    expect(claims.amr).toBeUndefined()
    // The bridge session now serves the second app without the IdP.
    const forum = await browser.bridge.get(
      authorizeUrl({
        app: 'forum',
        redirect_uri: 'http://127.0.0.1:4002/sso/callback',
        prompt: 'none',
      }),
    )
    expect(decodeJwt(readForm(await forum.text()).fields.token!).sub).toBe(claims.sub)
  })

  it('keeps the same bridge sub for a returning user and never touches the local user with that email', async () => {
    const bridge = await createTestBridge({ config: config() })
    const subs: unknown[] = []
    for (let i = 0; i < 2; i++) {
      const browser = new TwoSiteBrowser(bridge.browser(), idp.issuer)
      const form = await signInAtIdp(
        browser,
        await browser.bridge.get(authorizeUrl({ app: 'intranet' })),
      )
      subs.push(decodeJwt(form.fields.token!).sub)
    }
    expect(subs[0]).toBe(subs[1])
    expect(await findUserByEmail(bridge.storage, 'staff', carol.email)).toBeUndefined()
  })

  it('goes straight to the IdP for an app with a single upstream connection or connection=…', async () => {
    const bridge = await createTestBridge({ config: config() })
    const single = await bridge.browser().get(authorizeUrl({ app: 'intranet' }))
    expect(single.headers.get('Location')).toMatch(/^\/connections\/corp\/start\?tx=/)
    const named = await bridge.browser().get(authorizeUrl({ connection: 'corp' }))
    expect(named.headers.get('Location')).toMatch(/^\/connections\/corp\/start\?tx=/)
  })

  it('sends PKCE S256, state, nonce, the redirect URI, scopes and login_hint upstream', async () => {
    const bridge = await createTestBridge({ config: config() })
    const browser = bridge.browser()
    const login = await browser.get(authorizeUrl({}))
    const form = readForm(await (await browser.get(login.headers.get('Location')!)).text())
    // Home-realm discovery: an email of corp.example goes to corp, password or not.
    const routed = await browser.post('/login', {
      ...form.fields,
      email: 'Carol@corp.example',
      action: 'sign-in',
    })
    expect(routed.status).toBe(200)
    const next = /<a class="button" href="([^"]+)"/
      .exec(await routed.text())![1]!
      .replace(/&amp;/g, '&')
    const start = await browser.get(next)
    const upstream = new URL(start.headers.get('Location')!)
    expect(upstream.origin).toBe(idp.issuer)
    const q = Object.fromEntries(upstream.searchParams)
    expect(q).toMatchObject({
      client_id: 'ssobridge',
      response_type: 'code',
      redirect_uri: 'http://localhost:4000/connections/corp/callback',
      scope: 'openid email profile',
      code_challenge_method: 'S256',
      login_hint: 'Carol@corp.example',
    })
    expect(q.state).toMatch(/^[\w-]{43}$/)
    expect(q.nonce).toMatch(/^[\w-]{43}$/)
    expect(q.code_challenge).toMatch(/^[\w-]{43}$/)
  })

  it('maps claims by the admin’s paths', async () => {
    const bridge = await createTestBridge({ config: config({ claims: { name: 'given_name' } }) })
    const browser = new TwoSiteBrowser(bridge.browser(), idp.issuer)
    const form = await signInAtIdp(
      browser,
      await browser.bridge.get(authorizeUrl({ app: 'intranet' })),
    )
    expect(decodeJwt(form.fields.token!).name).toBe('Carol')
    const users = await bridge.storage.list('user')
    expect(users.find((u) => u.value.groups)?.value.groups).toEqual(['staff', 'admins'])
  })

  it('shows a clear page when the IdP cannot be reached', async () => {
    const bridge = await createTestBridge({
      config: config({ issuer: 'http://127.0.0.1:9', timeoutSeconds: 2 }),
    })
    const browser = bridge.browser()
    const start = await browser.get(authorizeUrl({ app: 'intranet' }))
    const response = await browser.get(start.headers.get('Location')!)
    expect(response.status).toBe(504)
    expect(await response.text()).toContain('upstream_unavailable')
    expect(await bridge.storage.list('session')).toHaveLength(0)
  })
})
