import type { PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/server'
import { beforeEach, describe, expect, it } from 'vitest'
import { listPasskeys } from '../mfa/passkeys.js'
import {
  ALICE,
  authorizeUrl,
  createTestBridge,
  ISSUER,
  signInWithPassword,
  testConfig,
} from '../testing/bridge-fixture.js'
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
beforeEach(async () => {
  bridge = await createTestBridge({ config: config() })
})

async function follow(browser: TestBrowser, response: Response) {
  expect([302, 303]).toContain(response.status)
  return browser.get(response.headers.get('Location')!)
}

const userId = async (email: string) =>
  (await bridge.storage.list<{ email: string }>('user')).find((u) => u.value.email === email)!.key

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

const failedBack = (response: Response) =>
  expect(response.headers.get('Location')).toMatch(/passkey=failed$/)

describe('passkey attacks', () => {
  let aliceKey: SoftAuthenticator
  let bobKey: SoftAuthenticator
  beforeEach(async () => {
    aliceKey = new SoftAuthenticator({ origin: ISSUER })
    bobKey = new SoftAuthenticator({ origin: ISSUER })
    await enrol(aliceKey)
    await enrol(bobKey, BOB)
  })

  it("refuses bob's key as alice's second factor", async () => {
    const browser = bridge.browser()
    const form = readPasskeyForm(await mfaPage(browser), '/mfa/passkey')!
    const bobCredential = bobKey.credentials[0]!.id
    const response = await browser.post('/mfa/passkey', {
      ...form.fields,
      credential: JSON.stringify(bobKey.assert(form.options, { credentialId: bobCredential })),
    })
    failedBack(response)
    expect(await bridge.storage.list('session')).toHaveLength(2) // the two enrolments only
  })

  it('refuses an assertion for another origin, another RP ID, or a replayed challenge', async () => {
    for (const lies of [{ origin: 'http://127.0.0.1:4001' }, { rpId: '127.0.0.1' }]) {
      const browser = bridge.browser()
      const form = readPasskeyForm(await mfaPage(browser), '/mfa/passkey')!
      failedBack(
        await browser.post('/mfa/passkey', {
          ...form.fields,
          credential: JSON.stringify(aliceKey.assert(form.options, lies)),
        }),
      )
    }
    // A challenge from one sign-in, answered in another: it was issued for another transaction.
    const first = bridge.browser()
    const old = readPasskeyForm(await mfaPage(first), '/mfa/passkey')!
    const second = bridge.browser()
    const current = readPasskeyForm(await mfaPage(second), '/mfa/passkey')!
    failedBack(
      await second.post('/mfa/passkey', {
        ...current.fields,
        credential: JSON.stringify(aliceKey.assert(old.options)),
      }),
    )
    // The same signed response twice: the first signs in, the second finds nothing to finish.
    const browser = bridge.browser()
    const form = readPasskeyForm(await mfaPage(browser), '/mfa/passkey')!
    const fields = { ...form.fields, credential: JSON.stringify(aliceKey.assert(form.options)) }
    expect((await browser.post('/mfa/passkey', fields)).status).toBe(200)
    expect((await browser.post('/mfa/passkey', fields)).status).toBe(400)
  })

  it('does not take a passwordless challenge as a second factor or the other way round', async () => {
    const browser = bridge.browser()
    const login = await (await follow(browser, await browser.get(authorizeUrl({})))).text()
    const signIn = readPasskeyForm(login, '/login/passkey')!
    const mfa = readPasskeyForm(await mfaPage(browser), '/mfa/passkey')!
    failedBack(
      await browser.post('/mfa/passkey', {
        ...mfa.fields,
        credential: JSON.stringify(aliceKey.assert(signIn.options)),
      }),
    )
  })

  it('refuses passkey posts from another browser, without CSRF or from another origin', async () => {
    const browser = bridge.browser()
    const form = readPasskeyForm(await mfaPage(browser), '/mfa/passkey')!
    const credential = JSON.stringify(aliceKey.assert(form.options))
    const stranger = bridge.browser()
    expect((await stranger.post('/mfa/passkey', { ...form.fields, credential })).status).toBe(403)
    expect(
      (await browser.post('/mfa/passkey', { ...form.fields, csrf: 'forged', credential })).status,
    ).toBe(403)
    expect(
      (
        await browser.post(
          '/mfa/passkey',
          { ...form.fields, credential },
          { Origin: 'https://evil.example' },
        )
      ).status,
    ).toBe(403)
  })

  it('never lets a password alone enrol another passkey', async () => {
    const browser = bridge.browser()
    const page = await mfaPage(browser)
    expect(readPasskeyForm(page, '/mfa/passkey/enroll')).toBeUndefined()
    const response = await browser.post('/mfa/passkey/enroll', {
      ...readForm(page).fields,
      credential: '{}',
    })
    expect(response.status).toBe(400)
    expect(await listPasskeys(bridge.storage, await userId(ALICE.email))).toHaveLength(1)
  })

  it('refuses a passwordless sign-in for a disabled user', async () => {
    const id = await userId(ALICE.email)
    const user = (await bridge.storage.get<Record<string, unknown>>('user', id))!
    await bridge.storage.set('user', id, { ...user, disabled: true })
    const browser = bridge.browser()
    const login = await (await follow(browser, await browser.get(authorizeUrl({})))).text()
    const form = readPasskeyForm(login, '/login/passkey')!
    const response = await browser.post('/login/passkey', {
      ...form.fields,
      credential: JSON.stringify(aliceKey.assert(form.options)),
    })
    expect(response.status).toBe(403)
    expect(await bridge.storage.list('session')).toHaveLength(2)
  })
})
