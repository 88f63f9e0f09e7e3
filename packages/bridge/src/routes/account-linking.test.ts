/**
 * Account linking at sign-in, against a real OpenID Provider on loopback: an upstream identity
 * whose verified email is an existing account's is linked only after the visitor signs in to that
 * account, or becomes a separate account when they say so; the admin's opt-in still links at once.
 */
import { decodeJwt } from 'jose'
import { generate } from 'otplib'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { listAudit } from '../domain/audit-log.js'
import { identitiesOfUser } from '../domain/identity-links.js'
import { userForIdentity } from '../domain/identities.js'
import { CONNECTIONS } from '../domain/connections.js'
import { getLoginTransaction } from '../domain/login-transactions.js'
import { findUserByEmail, getUser, type User } from '../domain/users.js'
import {
  ALICE,
  authorizeUrl,
  createTestBridge,
  followRedirects,
  ISSUER,
  loopbackOidc,
  testConfig,
} from '../testing/bridge-fixture.js'
import { startHostileProvider, type HostileProvider } from '../testing/hostile-oidc-provider.js'
import { readForm, type TestBrowser } from '../testing/test-browser.js'
import { oidcRedirectUri } from './upstream.js'

const CLIENT_ID = 'ssobridge'
const CLIENT_SECRET = 'account-linking-secret-0123456789abcdef'
const HUB_CALLBACK = 'http://127.0.0.1:4006/sso/callback'
const BOB = { email: 'bob@example.com', password: 'bob has another password' }

let idp: HostileProvider
beforeAll(async () => {
  idp = await startHostileProvider({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    redirectUris: [oidcRedirectUri(ISSUER, 'corp'), oidcRedirectUri(ISSUER, 'acquired')],
    subject: 'corp-user-1',
    profile: { email: ALICE.email, email_verified: true, name: 'Alice at Corp' },
  })
})
afterAll(() => idp.close())
beforeEach(() => idp.reset())

const client = { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET }
const upstream = (id: string, extra: Record<string, unknown> = {}) =>
  loopbackOidc(id, idp.issuer, client, {
    name: id === 'corp' ? 'Example Corp' : 'Acquired Co',
    ...extra,
  })

/** `hub` accepts the local store and the corporate IdP: a corp sign-in can prove a local account. */
async function bridgeWith(corp: Record<string, unknown> = {}, hub: Record<string, unknown> = {}) {
  const base = testConfig()
  return createTestBridge({
    config: {
      ...base,
      connections: [...base.connections, upstream('corp', corp), upstream('acquired')],
      apps: [
        ...base.apps,
        {
          id: 'hub',
          name: 'Hub',
          callbackUrls: [HUB_CALLBACK],
          connections: ['staff', 'corp'],
          signing: { alg: 'ES256' },
          ...hub,
        },
      ],
      users: [
        ...base.users,
        { email: BOB.email, password: BOB.password, connection: 'staff', emailVerified: true },
      ],
    },
  })
}
type Bridge = Awaited<ReturnType<typeof bridgeWith>>

/** /authorize for hub, then "Continue with Example Corp": where the corp sign-in lands. */
async function signInWithCorp(browser: TestBrowser): Promise<Response> {
  const login = await followRedirects(browser, await browser.get(authorizeUrl({ app: 'hub' })))
  const tx = readForm(await login.text()).fields.tx as string
  return followRedirects(browser, await browser.get(`/connections/corp/start?tx=${tx}`))
}

/** The prompt's form, answered with `choice`. */
async function answer(browser: TestBrowser, prompt: Response, choice: string) {
  const { fields } = readForm(await prompt.text())
  return browser.post('/login/account-link', { ...fields, choice })
}

const subjectOf = async (response: Response) =>
  decodeJwt(readForm(await response.text()).fields.token as string).sub as string

const alice = async (bridge: Bridge) =>
  (await findUserByEmail(bridge.storage, 'staff', ALICE.email)) as User

async function linkedTo(bridge: Bridge, user: User) {
  return (await identitiesOfUser(bridge.storage, user)).map((i) => `${i.connection}|${i.subject}`)
}

describe('the link prompt', () => {
  it('holds a first corp sign-in whose email is a local account, naming only what the visitor brought', async () => {
    const bridge = await bridgeWith()
    const browser = bridge.browser()
    const prompt = await signInWithCorp(browser)
    expect(prompt.status).toBe(200)
    const html = await prompt.text()
    expect(html).toContain('An account with this email already exists')
    expect(html).toContain('Example Corp')
    expect(html).toContain(ALICE.email)
    // Which connection holds the account is not said: the page does not name "Staff".
    expect(html).not.toContain('Staff')
    expect(html).toContain('value="separate"')
    // Nothing is made or linked while the prompt waits; no session either.
    expect(await bridge.storage.get('identity', 'corp|corp-user-1')).toBeUndefined()
    expect(browser.cookies.has('ssobridge_session')).toBe(false)
  })

  it('links the identity after the visitor signs in to the account, and continues as that user', async () => {
    const bridge = await bridgeWith()
    const browser = bridge.browser()
    const prompt = await signInWithCorp(browser)
    const toLogin = await answer(browser, prompt, 'link')
    expect(toLogin.status).toBe(303)
    const login = await browser.get(toLogin.headers.get('Location') as string)
    const page = await login.text()
    expect(page).toContain('Sign in to your existing account to link Example Corp to it.')
    // The way just used proves nothing about the existing account, so it is not offered.
    expect(page).not.toContain('Continue with Example Corp')
    const { fields } = readForm(page)
    const done = await browser.post('/login', { ...fields, ...ALICE, action: 'sign-in' })
    expect(done.status).toBe(200)
    const owner = await alice(bridge)
    expect(await subjectOf(done)).toBe(owner.id)
    expect(await bridge.storage.get('identity', 'corp|corp-user-1')).toBe(owner.id)
    const [entry] = (await listAudit(bridge.storage, { event: 'user.identity_linked' })).entries
    expect(entry).toMatchObject({
      actor: { type: 'user', id: owner.id },
      user: owner.id,
      connection: 'corp',
      app: 'hub',
      after: { connection: 'corp', by: 'sign_in', provedWith: 'staff' },
    })
    const [identity] = await identitiesOfUser(bridge.storage, owner)
    expect(identity).toMatchObject({ connection: 'corp', email: ALICE.email, primary: false })
    expect(identity?.linkedAt).toBeGreaterThan(0)

    // From now on the corp sign-in is that account, without a prompt.
    const again = await signInWithCorp(bridge.browser())
    expect(again.status).toBe(200)
    expect(await subjectOf(again)).toBe(owner.id)
  })

  it("asks for the account's second factor before linking, when the app requires one", async () => {
    const bridge = await bridgeWith({}, { requireMfa: true })
    const browser = bridge.browser()
    const toLogin = await answer(browser, await signInWithCorp(browser), 'link')
    const login = await browser.get(toLogin.headers.get('Location') as string)
    const afterPassword = await browser.post('/login', {
      ...readForm(await login.text()).fields,
      ...ALICE,
      action: 'sign-in',
    })
    expect(afterPassword.headers.get('Location')).toMatch(/^\/mfa\?tx=/)
    // The password alone links nothing: the link waits for the finish.
    expect(await bridge.storage.get('identity', 'corp|corp-user-1')).toBeUndefined()
    const enrolPage = await (await browser.get(afterPassword.headers.get('Location')!)).text()
    const secret = /data-totp-secret[^>]*>([A-Z2-7]+)</.exec(enrolPage)?.[1] as string
    const code = await generate({ secret, epoch: Math.floor(Date.now() / 1000) })
    const codes = await browser.post('/mfa/enroll', { ...readForm(enrolPage).fields, code })
    const done = await browser.post('/mfa/continue', readForm(await codes.text()).fields)
    expect(done.status).toBe(200)
    const owner = await alice(bridge)
    const token = decodeJwt(readForm(await done.text()).fields.token as string)
    expect(token).toMatchObject({ sub: owner.id, idp: 'staff' })
    expect(token.amr).toContain('mfa')
    expect(await bridge.storage.get('identity', 'corp|corp-user-1')).toBe(owner.id)
  })

  it('continues as a separate account when the visitor says so', async () => {
    const bridge = await bridgeWith()
    const browser = bridge.browser()
    const done = await followRedirects(
      browser,
      await answer(browser, await signInWithCorp(browser), 'separate'),
    )
    expect(done.status).toBe(200)
    const sub = await subjectOf(done)
    const owner = await alice(bridge)
    expect(sub).not.toBe(owner.id)
    expect(await getUser(bridge.storage, sub)).toMatchObject({ connection: 'corp' })
    expect(await bridge.storage.get('identity', 'corp|corp-user-1')).toBe(sub)
    expect(await linkedTo(bridge, owner)).toEqual([])
    expect((await listAudit(bridge.storage, { event: 'user.identity_linked' })).entries).toEqual([])
  })

  it('does not link when the visitor signs in to another account than the one with the email', async () => {
    const bridge = await bridgeWith()
    const browser = bridge.browser()
    const toLogin = await answer(browser, await signInWithCorp(browser), 'link')
    const login = await browser.get(toLogin.headers.get('Location') as string)
    const { fields } = readForm(await login.text())
    const refused = await browser.post('/login', { ...fields, ...BOB, action: 'sign-in' })
    expect(refused.status).toBe(403)
    expect(await refused.text()).toContain('access_denied')
    const bob = (await findUserByEmail(bridge.storage, 'staff', BOB.email)) as User
    expect(await bridge.storage.get('identity', 'corp|corp-user-1')).toBeUndefined()
    expect(await linkedTo(bridge, bob)).toEqual([])
    expect(browser.cookies.has('ssobridge_session')).toBe(false)
    const [failed] = (await listAudit(bridge.storage, { event: 'sign_in.failed' })).entries
    expect(failed).toMatchObject({ user: bob.id, reason: 'account_link_other_user' })
  })

  it('asks for nothing when the IdP does not vouch for the email: a separate account, as before', async () => {
    const bridge = await bridgeWith()
    const unverified = (claims: Record<string, unknown>) => ({ ...claims, email_verified: false })
    idp.scenario = {
      userinfo: unverified,
      idToken: (draft) => ({ ...draft, claims: unverified(draft.claims) }),
    }
    const done = await signInWithCorp(bridge.browser())
    expect(done.status).toBe(200)
    expect(await subjectOf(done)).not.toBe((await alice(bridge)).id)
  })

  it('asks for nothing when the site named the connection: there is no other way in to prove', async () => {
    const bridge = await bridgeWith()
    const browser = bridge.browser()
    const done = await followRedirects(
      browser,
      await browser.get(authorizeUrl({ app: 'hub', connection: 'corp' })),
    )
    expect(done.status).toBe(200)
    expect(await subjectOf(done)).not.toBe((await alice(bridge)).id)
  })

  it('still links at once by the opt-in (linkByVerifiedEmail), without a prompt', async () => {
    const bridge = await bridgeWith({ linkByVerifiedEmail: ['acquired'] })
    const acquired = await bridge.storage.get(CONNECTIONS, 'acquired')
    if (acquired?.type !== 'oidc') throw new Error('no acquired connection')
    const user = await userForIdentity(bridge.storage, acquired, {
      subject: 'acquired-user-1',
      email: ALICE.email,
      emailVerified: true,
    })
    const done = await signInWithCorp(bridge.browser())
    expect(done.status).toBe(200)
    expect(await subjectOf(done)).toBe(user.id)
    const [entry] = (await listAudit(bridge.storage, { event: 'user.identity_linked' })).entries
    expect(entry).toMatchObject({ actor: { type: 'system' }, user: user.id, connection: 'corp' })
  })
})

describe('a held link, used again or too late', () => {
  it('refuses a replayed answer once the link is done, and a second sign-in on the same transaction', async () => {
    const bridge = await bridgeWith()
    const browser = bridge.browser()
    const prompt = await signInWithCorp(browser)
    const { fields } = readForm(await prompt.text())
    const toLogin = await browser.post('/login/account-link', { ...fields, choice: 'link' })
    expect(toLogin.status).toBe(303)
    // The same answer again: the prompt is no longer waiting, whatever the form says.
    const replay = await browser.post('/login/account-link', { ...fields, choice: 'separate' })
    expect(replay.status).toBe(403)
    expect(await replay.text()).toContain('csrf_failed')
    const login = await browser.get(toLogin.headers.get('Location') as string)
    const form = readForm(await login.text()).fields
    expect((await browser.post('/login', { ...form, ...ALICE, action: 'sign-in' })).status).toBe(
      200,
    )
    const again = await browser.post('/login/account-link', { ...fields, choice: 'link' })
    expect(again.status).toBe(400)
    expect(await again.text()).toContain('login_expired')
  })

  it('refuses an expired link at the prompt and at the finish', async () => {
    const bridge = await bridgeWith()
    const browser = bridge.browser()
    const { fields } = readForm(await (await signInWithCorp(browser)).text())
    const tx = fields.tx as string
    const stored = await getLoginTransaction(bridge.storage, tx)
    const { pendingLink } = stored!
    await bridge.storage.set(
      'login-tx',
      tx,
      { ...stored!, pendingLink: { ...pendingLink!, expiresAt: Date.now() - 1 } },
      600,
    )
    const late = await browser.get(`/login/account-link?tx=${tx}`)
    expect(late.status).toBe(400)
    expect(await late.text()).toContain('login_expired')
    const refused = await browser.post('/login/account-link', { ...fields, choice: 'link' })
    expect(refused.status).toBe(400)
    expect(await refused.text()).toContain('login_expired')
    expect(await bridge.storage.get('identity', 'corp|corp-user-1')).toBeUndefined()
  })
})

describe('the prompt refuses what its own browser did not send', () => {
  async function held() {
    const bridge = await bridgeWith()
    const browser = bridge.browser()
    const { fields } = readForm(await (await signInWithCorp(browser)).text())
    return { bridge, browser, fields }
  }
  const nothingLinked = async (bridge: Bridge) =>
    expect(await bridge.storage.get('identity', 'corp|corp-user-1')).toBeUndefined()

  it('a forged CSRF value, a cross-site POST, another browser: csrf_failed', async () => {
    const { bridge, browser, fields } = await held()
    const forged = await browser.post('/login/account-link', {
      ...fields,
      csrf: 'x',
      choice: 'separate',
    })
    expect(forged.status).toBe(403)
    expect(await forged.text()).toContain('csrf_failed')
    const crossSite = await browser.post(
      '/login/account-link',
      { ...fields, choice: 'separate' },
      { Origin: 'https://evil.example' },
    )
    expect(crossSite.status).toBe(403)
    const other = await bridge
      .browser()
      .post('/login/account-link', { ...fields, choice: 'separate' })
    expect(other.status).toBe(403)
    expect(await other.text()).toContain('csrf_failed')
    expect((await bridge.browser().get(`/login/account-link?tx=${fields.tx}`)).status).toBe(403)
    await nothingLinked(bridge)
    // Still waiting for its own browser's answer.
    expect((await browser.get(`/login/account-link?tx=${fields.tx}`)).status).toBe(200)
  })

  it('a malformed answer: invalid_request; an oversized one: payload_too_large', async () => {
    const { bridge, browser, fields } = await held()
    for (const choice of ['', 'merge', 'link '.repeat(3)]) {
      const response = await browser.post('/login/account-link', { ...fields, choice })
      expect(response.status, choice).toBe(400)
      expect(await response.text()).toContain('invalid_request')
    }
    const big = await browser.post('/login/account-link', {
      ...fields,
      choice: 'link',
      pad: 'x'.repeat(5000),
    })
    expect(big.status).toBe(413)
    expect((await browser.get('/login/account-link?tx=%00')).status).toBe(400)
    await nothingLinked(bridge)
  })

  it('a password posted while the prompt waits, without choosing to link: login_expired', async () => {
    const { bridge, browser, fields } = await held()
    const page = await browser.get(`/login?tx=${fields.tx}`)
    expect(page.status).toBe(303)
    expect(page.headers.get('Location')).toBe(`/login/account-link?tx=${fields.tx}`)
    const login = await browser.post('/login', { ...fields, ...ALICE, action: 'sign-in' })
    expect(login.status).toBe(400)
    expect(await login.text()).toContain('login_expired')
    await nothingLinked(bridge)
    expect(browser.cookies.has('ssobridge_session')).toBe(false)
  })

  it('cancel ends the sign-in: the site hears access_denied, nothing is linked', async () => {
    const { bridge, browser, fields } = await held()
    const cancelled = await browser.post('/login/account-link', { ...fields, choice: 'cancel' })
    expect(cancelled.status).toBe(200)
    expect(readForm(await cancelled.text()).fields.error).toBe('access_denied')
    await nothingLinked(bridge)
  })
})
