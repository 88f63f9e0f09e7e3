/**
 * /account/identities: a user sees and unlinks only their own identities. Forged, cross-site,
 * foreign, malformed and oversized requests are refused with their code and change nothing; the
 * account's own connection and its last way in stay.
 */
import { beforeEach, describe, expect, it } from 'vitest'
import { listAudit } from '../domain/audit-log.js'
import { CONNECTIONS } from '../domain/connections.js'
import { userForIdentity } from '../domain/identities.js'
import { identitiesOfUser, identityHandle, linkIdentity } from '../domain/identity-links.js'
import { createSession } from '../domain/sessions.js'
import { findUserByEmail, saveUser, type User } from '../domain/users.js'
import { ALICE, createTestBridge, testConfig } from '../testing/bridge-fixture.js'
import { readForm, type TestBrowser } from '../testing/test-browser.js'

const PAGE = '/account/identities'
const UNLINK = `${PAGE}/unlink`

const oidc = (id: string, name: string) => ({
  id,
  type: 'oidc',
  name,
  issuer: 'https://idp.example',
  clientId: 'ssobridge',
  clientSecret: 'account-identities-secret-0123456789',
})

let bridge: Awaited<ReturnType<typeof createTestBridge>>
let alice: User
const CORP = { connection: 'corp', subject: 'corp-subject-0001', email: ALICE.email }

beforeEach(async () => {
  const base = testConfig()
  bridge = await createTestBridge({
    config: {
      ...base,
      connections: [
        ...base.connections,
        oidc('corp', 'Example Corp'),
        oidc('acquired', 'Acquired Co'),
      ],
    },
  })
  alice = (await findUserByEmail(bridge.storage, 'staff', ALICE.email)) as User
  await linkIdentity(bridge.storage, alice.id, CORP)
})

/** A browser holding a bridge session of `user`, as after a sign-in with `amr`. */
async function signedIn(user: User, amr = ['pwd']): Promise<TestBrowser> {
  const { id } = await createSession(
    bridge.storage,
    { userId: user.id, connection: user.connection, authTime: 1, amr },
    3600,
  )
  const browser = bridge.browser()
  browser.cookies.set('ssobridge_session', id)
  return browser
}

async function corpUser(subject: string, email: string) {
  const corp = await bridge.storage.get(CONNECTIONS, 'corp')
  if (corp?.type !== 'oidc') throw new Error('no corp connection')
  return userForIdentity(bridge.storage, corp, { subject, email, emailVerified: true })
}

const links = async (user: User) =>
  (await identitiesOfUser(bridge.storage, user)).map((i) => `${i.connection}|${i.subject}`)

/** The page's CSRF value and the unlink handle of its one unlinkable identity. */
async function formOf(browser: TestBrowser) {
  const page = await browser.get(PAGE)
  expect(page.status).toBe(200)
  return readForm(await page.text()).fields as { csrf: string; id: string }
}

describe('/account/identities', () => {
  it('lists the account and its linked identities, with the subject never on the page', async () => {
    const browser = await signedIn(alice)
    const response = await browser.get(PAGE)
    expect(response.status).toBe(200)
    const html = await response.text()
    expect(html).toContain('Staff')
    expect(html).toContain('Example Corp')
    expect(html).toContain(ALICE.email)
    expect(html).not.toContain(CORP.subject)
    // One unlink form: the account's own connection has none.
    expect(html.match(/action="\/account\/identities\/unlink"/g)).toHaveLength(1)
    expect(readForm(html).fields.id).toBe(identityHandle(CORP))
  })

  it('asks a visitor without a session to sign in first', async () => {
    const response = await bridge.browser().get(PAGE)
    expect(response.status).toBe(401)
    expect(await response.text()).toContain('Not signed in')
  })

  it('unlinks one identity of the user, audited with the user as actor', async () => {
    const browser = await signedIn(alice)
    const done = await browser.post(UNLINK, await formOf(browser))
    expect(done.status).toBe(303)
    expect(done.headers.get('Location')).toBe(`${PAGE}?done=unlinked`)
    expect(await links(alice)).toEqual([])
    expect(await bridge.storage.get('identity', 'corp|corp-subject-0001')).toBeUndefined()
    const [entry] = (await listAudit(bridge.storage, { event: 'user.identity_unlinked' })).entries
    expect(entry).toMatchObject({
      actor: { type: 'user', id: alice.id },
      user: alice.id,
      connection: 'corp',
    })
    const after = await browser.get(`${PAGE}?done=unlinked`)
    expect(await after.text()).toContain('Unlinked.')
  })
})

describe('refused unlinks change nothing', () => {
  const unchanged = async () => expect(await links(alice)).toEqual(['corp|corp-subject-0001'])
  const noAudit = async () =>
    expect((await listAudit(bridge.storage, { event: 'user.identity_unlinked' })).entries).toEqual(
      [],
    )

  it('a forged CSRF value: csrf_failed', async () => {
    const browser = await signedIn(alice)
    const form = await formOf(browser)
    const response = await browser.post(UNLINK, { ...form, csrf: 'x'.repeat(43) })
    expect(response.status).toBe(403)
    expect(await response.text()).toContain('csrf_failed')
    await unchanged()
    await noAudit()
  })

  it('a cross-site POST: csrf_failed, before anything is read', async () => {
    const browser = await signedIn(alice)
    const form = await formOf(browser)
    const response = await browser.post(UNLINK, form, { Origin: 'https://evil.example' })
    expect(response.status).toBe(403)
    expect(await response.text()).toContain('csrf_failed')
    await unchanged()
  })

  it("another user's identity: not_found, theirs stays", async () => {
    const bob = await corpUser('corp-subject-bob', 'bob@example.com')
    await linkIdentity(bridge.storage, bob.id, {
      connection: 'acquired',
      subject: 'acq-bob',
      email: 'bob@example.com',
    })
    const browser = await signedIn(alice)
    const form = await formOf(browser)
    const foreign = identityHandle({ connection: 'acquired', subject: 'acq-bob' })
    const response = await browser.post(UNLINK, { ...form, id: foreign })
    expect(response.status).toBe(404)
    expect(await response.text()).toContain('This sign-in method is not linked to your account.')
    expect(await links(bob)).toContain('acquired|acq-bob')
    await unchanged()
    await noAudit()
  })

  it('an unknown or malformed handle: not_found or invalid_request', async () => {
    const browser = await signedIn(alice)
    const form = await formOf(browser)
    const unknown = await browser.post(UNLINK, { ...form, id: 'A'.repeat(32) })
    expect(unknown.status).toBe(404)
    for (const id of ['short', 'A'.repeat(33), `${'A'.repeat(31)}!`, '']) {
      const response = await browser.post(UNLINK, { ...form, id })
      expect(response.status, id).toBe(400)
      expect(await response.text()).toContain('invalid_request')
    }
    const missing = await browser.post(UNLINK, { csrf: form.csrf })
    expect(missing.status).toBe(400)
    await unchanged()
  })

  it('an oversized body: payload_too_large', async () => {
    const browser = await signedIn(alice)
    const form = await formOf(browser)
    const response = await browser.post(UNLINK, { ...form, pad: 'x'.repeat(8 * 1024) })
    expect(response.status).toBe(413)
    await unchanged()
  })

  it("the account's own connection: conflict (identity_primary)", async () => {
    const carol = await corpUser('corp-subject-carol', 'carol@example.com')
    await linkIdentity(bridge.storage, carol.id, { connection: 'acquired', subject: 'acq-carol' })
    const browser = await signedIn(carol)
    const form = await formOf(browser)
    const own = identityHandle({ connection: 'corp', subject: 'corp-subject-carol' })
    const response = await browser.post(UNLINK, { ...form, id: own })
    expect(response.status).toBe(409)
    expect(await response.text()).toContain('cannot be unlinked')
    expect(await links(carol)).toEqual(['acquired|acq-carol', 'corp|corp-subject-carol'])
  })

  it('the last way to sign in: conflict (identity_last)', async () => {
    const dave = await corpUser('corp-subject-dave', 'dave@example.com')
    await linkIdentity(bridge.storage, dave.id, { connection: 'acquired', subject: 'acq-dave' })
    // The account's own connection is gone: only the linked identity still signs in.
    await bridge.storage.delete(CONNECTIONS, 'corp')
    const browser = await signedIn(dave)
    const form = await formOf(browser)
    const response = await browser.post(UNLINK, form)
    expect(response.status).toBe(409)
    expect(await response.text()).toContain('last way')
    expect(await links(dave)).toContain('acquired|acq-dave')
  })

  it('a session without the second factor the account has: the step-up page', async () => {
    await saveUser(bridge.storage, {
      ...alice,
      totp: { secretSealed: 'sealed', enrolledAt: 1 },
    })
    const browser = await signedIn(alice, ['pwd'])
    const form = await formOf(browser)
    const response = await browser.post(UNLINK, form)
    expect(response.status).toBe(403)
    expect(await response.text()).toContain('Confirm it is you')
    await unchanged()
    const stronger = await signedIn(alice, ['pwd', 'otp', 'mfa'])
    expect((await stronger.post(UNLINK, await formOf(stronger))).status).toBe(303)
  })
})
