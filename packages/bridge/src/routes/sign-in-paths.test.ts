/**
 * Every way in ends in the same finish: one `sign_in.succeeded` audit entry, the second factor
 * before any session, and refusals audited with their reason. Here: SAML SP-initiated,
 * IdP-initiated SAML and upstream OIDC, which used to skip parts of that.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { listAudit } from '../domain/audit-log.js'
import { createLogger } from '../logger.js'
import { generateCertifiedKeyPair } from '../keys/self-signed-certificate.js'
import {
  ALICE,
  authorizeUrl,
  createTestBridge,
  ISSUER,
  testConfig,
} from '../testing/bridge-fixture.js'
import { startHostileProvider, type HostileProvider } from '../testing/hostile-oidc-provider.js'
import {
  acsUrl,
  deliverToAcs,
  samlConfig,
  spEntityId,
  startSamlSignIn,
} from '../testing/saml-flow.js'
import { base64, buildResponse } from '../testing/saml-responses.js'
import { readForm } from '../testing/test-browser.js'
import { oidcRedirectUri } from '../sign-in/paths.js'
import { CRM_CALLBACK, startOpBridge, walk } from '../testing/op-fixture.js'

const IDP = 'https://idp.partner.example'
const idpKey = generateCertifiedKeyPair('partner idp')
const expected = { acsUrl: acsUrl('partner'), spEntityId: spEntityId('partner'), idpEntityId: IDP }
const SHOP_HOME = 'http://127.0.0.1:4001/'

async function samlBridge(partner: Record<string, unknown> = {}) {
  return createTestBridge({
    config: samlConfig({
      entryPoint: `${IDP}/sso`,
      idpCert: idpKey.certificate,
      idpEntityId: IDP,
      ...partner,
    }),
  })
}

const response = (inResponseTo: string | null, status?: string, subStatus?: string) =>
  base64(
    buildResponse(expected, inResponseTo, {
      signAssertion: idpKey,
      ...(status ? { response: { status, subStatus } } : {}),
    }).xml,
  )

const signInEntries = async (bridge: { storage: Parameters<typeof listAudit>[0] }) =>
  (await listAudit(bridge.storage, { event: 'sign_in' })).entries

describe('SAML, started by the site', () => {
  it('is audited as a sign-in, with app, connection and user', async () => {
    const bridge = await samlBridge()
    const browser = bridge.browser()
    const { id } = await startSamlSignIn(browser)
    const { finish } = await deliverToAcs(bridge.app, browser, 'partner', {
      SAMLResponse: response(id),
    })
    expect(readForm(await finish!.text()).fields.token).toBeTruthy()
    const [user] = await bridge.storage.list('user', { prefix: '' })
    expect(await signInEntries(bridge)).toEqual([
      expect.objectContaining({
        event: 'sign_in.succeeded',
        app: 'shop',
        connection: 'partner',
        user: expect.any(String),
      }),
    ])
    expect(user).toBeDefined()
  })

  it('audits the IdP refusing, with the reason', async () => {
    const bridge = await samlBridge()
    const browser = bridge.browser()
    const { id } = await startSamlSignIn(browser)
    const responder = 'urn:oasis:names:tc:SAML:2.0:status:Responder'
    const { finish } = await deliverToAcs(bridge.app, browser, 'partner', {
      SAMLResponse: response(id, responder),
    })
    expect(readForm(await finish!.text()).fields.error).toBe('access_denied')
    expect(await signInEntries(bridge)).toEqual([
      expect.objectContaining({
        event: 'sign_in.failed',
        app: 'shop',
        connection: 'partner',
        reason: 'upstream_refused',
      }),
    ])
  })

  it.each([
    ['as the second-level code, the usual shape', 'Responder', 'NoPassive'],
    ['as the top-level code', 'NoPassive', undefined],
  ])('audits NoPassive %s as not signed in', async (_, top, sub) => {
    const bridge = await samlBridge()
    const browser = bridge.browser()
    const { id } = await startSamlSignIn(browser)
    const code = (name: string) => `urn:oasis:names:tc:SAML:2.0:status:${name}`
    const { finish } = await deliverToAcs(bridge.app, browser, 'partner', {
      SAMLResponse: response(id, code(top), sub && code(sub)),
    })
    expect(readForm(await finish!.text()).fields.error).toBe('login_required')
    expect(await signInEntries(bridge)).toEqual([
      expect.objectContaining({
        event: 'sign_in.failed',
        app: 'shop',
        connection: 'partner',
        reason: 'upstream_login_required',
      }),
    ])
  })
})

describe('IdP-initiated SAML', () => {
  it('goes through the same finish: audited, then the app’s home', async () => {
    const bridge = await samlBridge({ dangerouslyAllowIdpInitiated: { app: 'shop' } })
    const browser = bridge.browser()
    const { acs, finish } = await deliverToAcs(bridge.app, browser, 'partner', {
      SAMLResponse: response(null),
    })
    expect(acs.status).toBe(303)
    expect(finish?.status).toBe(303)
    expect(finish?.headers.get('Location')).toBe(SHOP_HOME)
    expect(browser.cookies.has('ssobridge_session')).toBe(true)
    expect(await signInEntries(bridge)).toEqual([
      expect.objectContaining({ event: 'sign_in.succeeded', app: 'shop', connection: 'partner' }),
    ])
    // No login transaction is left behind.
    expect(await bridge.storage.list('login-tx')).toHaveLength(0)
  })

  it('asks for the second factor before any session exists when the connection requires one', async () => {
    const bridge = await samlBridge({
      dangerouslyAllowIdpInitiated: { app: 'shop' },
      mfa: 'required',
    })
    const browser = bridge.browser()
    const { finish } = await deliverToAcs(bridge.app, browser, 'partner', {
      SAMLResponse: response(null),
    })
    expect(finish?.status).toBe(303)
    const next = finish?.headers.get('Location') as string
    expect(next).toMatch(/^\/mfa\?tx=/)
    expect(finish?.headers.get('Set-Cookie') ?? '').not.toContain('ssobridge_session')
    expect(browser.cookies.has('ssobridge_session')).toBe(false)
    expect(await bridge.storage.list('session')).toHaveLength(0)
    expect(await signInEntries(bridge)).toEqual([])
    // The user has no factor yet: the enrolment page, in the browser that came back from the IdP.
    const page = await browser.get(next)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('<svg')
    // Another browser cannot take the pending sign-in over.
    expect((await bridge.browser().get(next)).status).toBe(403)
  })

  it('carries the apps of the session it replaces, as every sign-in does', async () => {
    const base = samlConfig({
      entryPoint: `${IDP}/sso`,
      idpCert: idpKey.certificate,
      idpEntityId: IDP,
      dangerouslyAllowIdpInitiated: { app: 'shop' },
    })
    const [shop, ...others] = base.apps
    const config = {
      ...base,
      apps: [{ ...shop, backchannelLogoutUrl: `${SHOP_HOME}sso/logout` }, ...others],
    }
    const bridge = await createTestBridge({ config })
    const browser = bridge.browser()
    const { id } = await startSamlSignIn(browser)
    await deliverToAcs(bridge.app, browser, 'partner', { SAMLResponse: response(id) })
    const sid = async () => (await bridge.storage.list('session'))[0]!.value.sid
    const before = await sid()
    expect((await bridge.storage.list('session-app')).map((r) => r.key)).toEqual([`${before}|shop`])
    const { finish } = await deliverToAcs(bridge.app, browser, 'partner', {
      SAMLResponse: response(null),
    })
    expect(finish?.headers.get('Location')).toBe(SHOP_HOME)
    const after = await sid()
    expect(after).not.toBe(before)
    expect(await bridge.storage.list('session')).toHaveLength(1)
    expect((await bridge.storage.list('session-app')).map((r) => r.key)).toEqual([`${after}|shop`])
  })

  it('refuses a disabled user, audited, with no session', async () => {
    const bridge = await samlBridge({ dangerouslyAllowIdpInitiated: { app: 'shop' } })
    const first = await deliverToAcs(bridge.app, bridge.browser(), 'partner', {
      SAMLResponse: response(null),
    })
    expect(first.finish?.status).toBe(303)
    const users = await bridge.storage.list('user')
    const record = users.find((u) => u.value.connection === 'partner')
    await bridge.storage.set('user', record!.key, { ...record!.value, disabled: true })
    await bridge.storage.delete('session', (await bridge.storage.list('session'))[0]!.key)
    const browser = bridge.browser()
    const { finish } = await deliverToAcs(bridge.app, browser, 'partner', {
      SAMLResponse: response(null),
    })
    expect(finish?.status).toBe(403)
    expect(browser.cookies.has('ssobridge_session')).toBe(false)
    expect((await signInEntries(bridge)).map((e) => [e.event, e.reason])).toEqual([
      ['sign_in.failed', 'user_disabled'],
      ['sign_in.succeeded', undefined],
    ])
  })
})

describe('upstream OIDC refusals', () => {
  const CLIENT_ID = 'ssobridge'
  const CLIENT_SECRET = 'hostile-client-secret-0123456789abcdef'
  let idp: HostileProvider
  beforeAll(async () => {
    idp = await startHostileProvider({
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      redirectUris: [oidcRedirectUri(ISSUER, 'corp')],
    })
  })
  afterAll(() => idp.close())
  beforeEach(() => idp.reset())

  function config() {
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
          clientId: CLIENT_ID,
          clientSecret: CLIENT_SECRET,
          dangerouslyAllowHttpIssuer: true,
          dangerouslyAllowPrivateNetwork: true,
          timeoutSeconds: 5,
        },
      ],
      apps: [
        ...base.apps,
        {
          id: 'intranet',
          callbackUrls: ['http://127.0.0.1:4005/cb'],
          connections: ['corp'],
          signing: { alg: 'ES256' },
        },
      ],
    }
  }

  async function callback(bridge: Awaited<ReturnType<typeof createTestBridge>>) {
    const browser = bridge.browser()
    const start = await browser.get(authorizeUrl({ app: 'intranet' }))
    const atIdp = await browser.get(start.headers.get('Location') as string)
    const back = await fetch(atIdp.headers.get('Location') as string, { redirect: 'manual' })
    const url = new URL(back.headers.get('Location') as string)
    return browser.get(url.pathname + url.search)
  }

  it('audits the IdP answering access_denied', async () => {
    idp.scenario.authorize = () => ({ error: 'access_denied', error_description: 'no' })
    const bridge = await createTestBridge({ config: config() })
    const answer = await callback(bridge)
    expect(readForm(await answer.text()).fields.error).toBe('access_denied')
    expect(await signInEntries(bridge)).toEqual([
      expect.objectContaining({
        event: 'sign_in.failed',
        app: 'intranet',
        connection: 'corp',
        reason: 'upstream_refused',
      }),
    ])
  })

  it('audits login_required as not signed in', async () => {
    idp.scenario.authorize = () => ({ error: 'login_required' })
    const bridge = await createTestBridge({ config: config() })
    const answer = await callback(bridge)
    expect(readForm(await answer.text()).fields.error).toBe('login_required')
    expect((await signInEntries(bridge)).map((e) => e.reason)).toEqual(['upstream_login_required'])
  })

  it('audits a callback that fails its checks, with the error code', async () => {
    idp.scenario.idToken = (d) => ({ ...d, claims: { ...d.claims, nonce: 'B'.repeat(43) } })
    const bridge = await createTestBridge({ config: config() })
    const answer = await callback(bridge)
    expect(answer.status).toBeGreaterThanOrEqual(400)
    const entries = await signInEntries(bridge)
    expect(entries).toHaveLength(1)
    expect(entries[0]).toMatchObject({
      event: 'sign_in.failed',
      app: 'intranet',
      connection: 'corp',
    })
    expect(entries[0]!.reason).toMatch(/^upstream_/)
  })

  it('audits a sign-in that worked', async () => {
    const bridge = await createTestBridge({ config: config() })
    const answer = await callback(bridge)
    expect(readForm(await answer.text()).fields.token).toBeTruthy()
    expect(await signInEntries(bridge)).toEqual([
      expect.objectContaining({ event: 'sign_in.succeeded', app: 'intranet', connection: 'corp' }),
    ])
  })
})

describe('the OpenID Provider’s interactions', () => {
  it('are audited as sign-ins of the client, through the same finish', async () => {
    const op = await startOpBridge()
    try {
      const query = new URLSearchParams({
        client_id: 'crm',
        response_type: 'code',
        redirect_uri: CRM_CALLBACK,
        scope: 'openid email',
        state: 's',
      })
      const back = await walk(op.browser(), op.issuer, `/oidc/authorize?${query}`, ALICE)
      expect(back.url.searchParams.get('code')).toBeTruthy()
      expect(await signInEntries(op.bridge)).toEqual([
        expect.objectContaining({ event: 'sign_in.succeeded', app: 'crm', connection: 'staff' }),
      ])
      expect(await op.bridge.storage.list('session')).toHaveLength(1)
    } finally {
      await op.close()
    }
  })
})

describe('refusals of the sign-in steps', () => {
  it('name their reason in the log: another browser, a used transaction, a move out of turn', async () => {
    const lines: string[] = []
    const bridge = await createTestBridge({
      logger: createLogger('info', (line) => lines.push(line)),
    })
    const reasons = () =>
      lines
        .map((line) => JSON.parse(line) as { reason?: string })
        .flatMap((line) => (line.reason ? [line.reason] : []))
    const browser = bridge.browser()
    const start = await browser.get(authorizeUrl({}))
    const login = start.headers.get('Location') as string
    const form = readForm(await (await browser.get(login)).text()).fields
    expect((await bridge.browser().get(login)).status).toBe(403)
    expect(reasons()).toEqual(['transaction_other_browser'])
    expect((await browser.post('/login', { ...form, ...ALICE })).status).toBe(200)
    expect((await browser.post('/login', { ...form, ...ALICE })).status).toBe(400)
    expect(reasons()).toEqual(['transaction_other_browser', 'transaction_unknown'])
    // A sign-in with no first factor yet has no second one to ask for.
    const fresh = await browser.get(authorizeUrl({ prompt: 'login' }))
    const tx = new URL(fresh.headers.get('Location') as string, ISSUER).searchParams.get('tx')
    expect((await browser.get(`/mfa?tx=${tx}`)).status).toBe(400)
    expect(reasons().pop()).toBe('second_factor_not_pending')
  })
})
