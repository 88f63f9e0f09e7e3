import type { PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/server'
import { beforeEach, describe, expect, it } from 'vitest'
import { listAudit } from '../domain/audit-log.js'
import { getUser, saveUser } from '../domain/users.js'
import { listPasskeys } from '../mfa/passkeys.js'
import {
  ALICE,
  authorizeUrl,
  createTestBridge,
  ISSUER,
  signInWithPassword,
  testConfig,
} from '../testing/bridge-fixture.js'
import { captureLogs, type CapturedLogs } from '../testing/log-capture.js'
import { readPasskeyForm, SoftAuthenticator } from '../testing/soft-authenticator.js'
import { readForm, type TestBrowser } from '../testing/test-browser.js'

const BOB = { email: 'bob@example.com', password: ALICE.password }

function config() {
  const base = testConfig()
  return {
    ...base,
    apps: [
      ...base.apps,
      {
        id: 'bank',
        name: 'Bank',
        callbackUrls: ['http://127.0.0.1:4009/cb'],
        connections: ['staff'],
        signing: { alg: 'ES256' },
        requireMfa: true,
      },
    ],
    users: [
      ...base.users,
      { email: BOB.email, password: 'env:ALICE_PASSWORD', connection: 'staff' },
    ],
  }
}

let bridge: Awaited<ReturnType<typeof createTestBridge>>
let logs: CapturedLogs
beforeEach(async () => {
  logs = captureLogs()
  bridge = await createTestBridge({ config: config(), logger: logs.logger })
})

async function follow(browser: TestBrowser, response: Response) {
  expect([302, 303]).toContain(response.status)
  return browser.get(response.headers.get('Location')!)
}

const userId = async (email: string) =>
  (await bridge.storage.list('user')).find((u) => u.value.email === email)!.key

/** The MFA page after the password for bank. */
async function mfaPage(browser: TestBrowser, who = ALICE) {
  return (await follow(browser, await signInWithPassword(browser, { app: 'bank' }, who))).text()
}

async function enrol(key: SoftAuthenticator, who = ALICE) {
  const browser = bridge.browser()
  const form = readPasskeyForm<PublicKeyCredentialCreationOptionsJSON>(
    await mfaPage(browser, who),
    '/mfa/passkey/enroll',
  )!
  const page = await browser.post('/mfa/passkey/enroll', {
    ...form.fields,
    credential: JSON.stringify(key.register(form.options)),
  })
  await browser.post('/mfa/continue', readForm(await page.text()).fields)
}

const seenFailures = new Set<string>()

/** The failed sign-ins audited since the last call, oldest first. */
async function newFailures() {
  const { entries } = await listAudit(bridge.storage, { event: 'sign_in.failed' })
  const fresh = entries.filter((entry) => !seenFailures.has(entry.id)).reverse()
  for (const entry of fresh) seenFailures.add(entry.id)
  return fresh
}

/**
 * Back to the page with a fresh challenge (all the browser learns), and why, as the audit log and
 * the log line of the same request tell it.
 */
async function failedBack(response: Response, reason: string, user?: string) {
  expect(response.headers.get('Location')).toMatch(/passkey=failed$/)
  const [entry, ...more] = await newFailures()
  expect(more).toEqual([])
  expect(entry).toMatchObject({ reason: `passkey_${reason}`, user })
  const line = logs.lines.find(
    (l) => l.requestId === entry?.requestId && l.msg === 'passkey refused',
  )
  expect(line?.reason).toBe(reason)
}

const refused = (msg: string) => ({
  status: 403,
  shownCode: 'csrf_failed',
  code: 'csrf_failed',
  msg,
})

/** The error page of a refused request: its status, the code it shows and the one logged. */
async function refusalOf(response: Response) {
  const html = await response.text()
  const [, shownCode, reference] =
    /Error <code>([^<]*)<\/code> · reference <code>([^<]*)<\/code>/.exec(html) ?? []
  const [, description] = /<h1>Sign-in problem<\/h1><p>([^<]*)<\/p>/.exec(html) ?? []
  const line = logs.lines.find((l) => reference !== undefined && l.requestId === reference)
  return { status: response.status, shownCode, code: line?.code, msg: line?.msg, description }
}

describe('passkey attacks', () => {
  let aliceKey: SoftAuthenticator
  let bobKey: SoftAuthenticator
  let alice: string
  beforeEach(async () => {
    aliceKey = new SoftAuthenticator({ origin: ISSUER })
    bobKey = new SoftAuthenticator({ origin: ISSUER })
    await enrol(aliceKey)
    await enrol(bobKey, BOB)
    alice = await userId(ALICE.email)
    expect(await newFailures()).toEqual([])
  })

  it("refuses bob's key as alice's second factor", async () => {
    const browser = bridge.browser()
    const form = readPasskeyForm(await mfaPage(browser), '/mfa/passkey')!
    const bobCredential = bobKey.credentials[0]!.id
    const response = await browser.post('/mfa/passkey', {
      ...form.fields,
      credential: JSON.stringify(bobKey.assert(form.options, { credentialId: bobCredential })),
    })
    await failedBack(response, 'unknown_credential', alice)
    expect(await bridge.storage.list('session')).toHaveLength(2) // the two enrolments only
  })

  it('refuses an assertion for another origin, another RP ID, or a replayed challenge', async () => {
    for (const lies of [{ origin: 'http://127.0.0.1:4001' }, { rpId: '127.0.0.1' }]) {
      const browser = bridge.browser()
      const form = readPasskeyForm(await mfaPage(browser), '/mfa/passkey')!
      const response = await browser.post('/mfa/passkey', {
        ...form.fields,
        credential: JSON.stringify(aliceKey.assert(form.options, lies)),
      })
      await failedBack(response, 'verification', alice)
    }
    // A challenge from one sign-in, answered in another: it was issued for another transaction.
    const first = bridge.browser()
    const old = readPasskeyForm(await mfaPage(first), '/mfa/passkey')!
    const second = bridge.browser()
    const current = readPasskeyForm(await mfaPage(second), '/mfa/passkey')!
    const crossed = await second.post('/mfa/passkey', {
      ...current.fields,
      credential: JSON.stringify(aliceKey.assert(old.options)),
    })
    await failedBack(crossed, 'challenge', alice)
    // The same signed response twice: the first signs in, the second finds nothing to finish.
    const browser = bridge.browser()
    const form = readPasskeyForm(await mfaPage(browser), '/mfa/passkey')!
    const fields = { ...form.fields, credential: JSON.stringify(aliceKey.assert(form.options)) }
    expect((await browser.post('/mfa/passkey', fields)).status).toBe(200)
    expect(await refusalOf(await browser.post('/mfa/passkey', fields))).toMatchObject({
      status: 400,
      shownCode: 'login_expired',
      code: 'login_expired',
      msg: 'login transaction missing or expired',
    })
  })

  it('does not take a passwordless challenge as a second factor or the other way round', async () => {
    const browser = bridge.browser()
    const login = await (await follow(browser, await browser.get(authorizeUrl({})))).text()
    const signIn = readPasskeyForm(login, '/login/passkey')!
    const mfa = readPasskeyForm(await mfaPage(browser), '/mfa/passkey')!
    const response = await browser.post('/mfa/passkey', {
      ...mfa.fields,
      credential: JSON.stringify(aliceKey.assert(signIn.options)),
    })
    await failedBack(response, 'challenge', alice)
  })

  it('refuses passkey posts from another browser, without CSRF or from another origin', async () => {
    const browser = bridge.browser()
    const form = readPasskeyForm(await mfaPage(browser), '/mfa/passkey')!
    const credential = JSON.stringify(aliceKey.assert(form.options))
    const stranger = bridge.browser()
    expect(
      await refusalOf(await stranger.post('/mfa/passkey', { ...form.fields, credential })),
    ).toMatchObject(refused('login transaction used by another browser'))
    expect(
      await refusalOf(
        await browser.post('/mfa/passkey', { ...form.fields, csrf: 'forged', credential }),
      ),
    ).toMatchObject(refused('csrf token mismatch'))
    expect(
      await refusalOf(
        await browser.post(
          '/mfa/passkey',
          { ...form.fields, credential },
          { Origin: 'https://evil.example' },
        ),
      ),
    ).toMatchObject(refused('form posted from another origin'))
    // None of them reached the ceremony: nothing was audited as a passkey failure.
    expect(await newFailures()).toEqual([])
  })

  it('never lets a password alone enrol another passkey', async () => {
    const browser = bridge.browser()
    const page = await mfaPage(browser)
    expect(readPasskeyForm(page, '/mfa/passkey/enroll')).toBeUndefined()
    const response = await browser.post('/mfa/passkey/enroll', {
      ...readForm(page).fields,
      credential: '{}',
    })
    // Only the page's sentence tells this refusal from another invalid_request.
    expect(await refusalOf(response)).toMatchObject({
      status: 400,
      shownCode: 'invalid_request',
      code: 'invalid_request',
      description: 'Two-step verification is already set up.',
    })
    expect(await listPasskeys(bridge.storage, alice)).toHaveLength(1)
  })

  it('refuses a passwordless sign-in for a disabled user', async () => {
    const user = (await getUser(bridge.storage, alice))!
    await saveUser(bridge.storage, { ...user, disabled: true })
    const browser = bridge.browser()
    const login = await (await follow(browser, await browser.get(authorizeUrl({})))).text()
    const form = readPasskeyForm(login, '/login/passkey')!
    const response = await browser.post('/login/passkey', {
      ...form.fields,
      credential: JSON.stringify(aliceKey.assert(form.options)),
    })
    expect(await refusalOf(response)).toMatchObject({
      status: 403,
      shownCode: 'access_denied',
      code: 'access_denied',
      msg: 'user is disabled',
    })
    expect(await newFailures()).toMatchObject([
      { reason: 'user_disabled', user: alice, connection: 'staff' },
    ])
    expect(await bridge.storage.list('session')).toHaveLength(2)
  })
})
