import type { PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/server'
import { decodeJwt } from 'jose'
import { beforeEach, describe, expect, it } from 'vitest'
import { listAudit } from '../domain/audit-log.js'
import { listPasskeys } from '../mfa/passkeys.js'
import {
  authorizeUrl,
  createTestBridge,
  ISSUER,
  signInWithPassword,
  testConfig,
} from '../testing/bridge-fixture.js'
import { readPasskeyForm, SoftAuthenticator } from '../testing/soft-authenticator.js'
import { readForm, type TestBrowser } from '../testing/test-browser.js'

const BANK = 'http://127.0.0.1:4009/cb'

function config() {
  const base = testConfig()
  return {
    ...base,
    apps: [
      ...base.apps,
      {
        id: 'bank',
        name: 'Bank',
        callbackUrls: [BANK],
        connections: ['staff'],
        signing: { alg: 'ES256' },
        requireMfa: true,
      },
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

const amrOf = async (response: Response) => {
  const { action, fields } = readForm(await response.text())
  expect(fields.token, `no token posted to ${action}`).toBeTruthy()
  return decodeJwt(fields.token!).amr
}

const aliceId = async () => (await bridge.storage.list('user'))[0]!.key

/** Password for bank, then "Set up a passkey" on the enrolment page; returns the codes page. */
async function enrolPasskey(key: SoftAuthenticator, name = 'YubiKey') {
  const browser = bridge.browser()
  const page = await (
    await follow(browser, await signInWithPassword(browser, { app: 'bank' }))
  ).text()
  expect(page).toContain('Set up two-step verification')
  const form = readPasskeyForm<PublicKeyCredentialCreationOptionsJSON>(page, '/mfa/passkey/enroll')
  expect(form).toBeDefined()
  expect(form!.options.rp.id).toBe('localhost')
  const response = await browser.post('/mfa/passkey/enroll', {
    ...form!.fields,
    name,
    credential: JSON.stringify(key.register(form!.options)),
  })
  return { browser, response }
}

describe('passkeys', () => {
  it('enrols a passkey as the second factor, with recovery codes, amr pwd+hwk+mfa', async () => {
    const { browser, response } = await enrolPasskey(new SoftAuthenticator({ origin: ISSUER }))
    const codesPage = await response.text()
    expect(codesPage).toContain('Save your recovery codes')
    expect([...codesPage.matchAll(/<li><code>/g)]).toHaveLength(10)
    expect(await bridge.storage.list('session')).toHaveLength(0)
    const done = await browser.post('/mfa/continue', readForm(codesPage).fields)
    expect(await amrOf(done)).toEqual(['pwd', 'hwk', 'mfa'])
    const [passkey] = await listPasskeys(bridge.storage, await aliceId())
    expect(passkey).toMatchObject({ name: 'YubiKey', deviceType: 'singleDevice', counter: 0 })
  })

  it('asks a passkey-only user for the passkey (no code form), amr pwd+hwk+mfa', async () => {
    const key = new SoftAuthenticator({ origin: ISSUER })
    await enrolPasskey(key)
    const browser = bridge.browser()
    const page = await (
      await follow(browser, await signInWithPassword(browser, { app: 'bank' }))
    ).text()
    expect(page).toContain('Two-step verification')
    expect(page).not.toContain('name="code"')
    expect(page).toContain('name="recovery_code"')
    const form = readPasskeyForm(page, '/mfa/passkey')!
    const done = await browser.post('/mfa/passkey', {
      ...form.fields,
      credential: JSON.stringify(key.assert(form.options)),
    })
    expect(await amrOf(done)).toEqual(['pwd', 'hwk', 'mfa'])
  })

  it('signs in without a password from the login page, amr hwk+user+mfa, no MFA page', async () => {
    const key = new SoftAuthenticator({ origin: ISSUER, backupEligible: true })
    await enrolPasskey(key)
    for (const app of ['bank', 'shop']) {
      const browser = bridge.browser()
      const login = await follow(browser, await browser.get(authorizeUrl({ app })))
      const html = await login.text()
      expect(html).toContain('Use a passkey')
      const form = readPasskeyForm(html, '/login/passkey')!
      expect(form.options.userVerification).toBe('required')
      const done = await browser.post('/login/passkey', {
        ...form.fields,
        credential: JSON.stringify(key.assert(form.options)),
      })
      expect(done.status).toBe(200)
      // A synced passkey is a software key.
      expect(await amrOf(done)).toEqual(['swk', 'user', 'mfa'])
    }
    // The same sign-in audit entry as any other way in (the enrolment never continued).
    const { entries } = await listAudit(bridge.storage, { event: 'sign_in' })
    expect(entries.map((e) => [e.event, e.app, e.connection, e.user])).toEqual([
      ['sign_in.succeeded', 'shop', 'staff', await aliceId()],
      ['sign_in.succeeded', 'bank', 'staff', await aliceId()],
    ])
  })

  it('steps a password session up with a passkey', async () => {
    const key = new SoftAuthenticator({ origin: ISSUER })
    await enrolPasskey(key)
    const browser = bridge.browser()
    expect(await amrOf(await signInWithPassword(browser))).toEqual(['pwd'])
    const stepUp = await browser.get(authorizeUrl({ app: 'bank' }))
    expect(stepUp.headers.get('Location')).toMatch(/^\/mfa\?tx=/)
    const form = readPasskeyForm(await (await follow(browser, stepUp)).text(), '/mfa/passkey')!
    const done = await browser.post('/mfa/passkey', {
      ...form.fields,
      credential: JSON.stringify(key.assert(form.options)),
    })
    expect(await amrOf(done)).toEqual(['pwd', 'hwk', 'mfa'])
  })

  it('offers both when the user has TOTP and a passkey', async () => {
    const key = new SoftAuthenticator({ origin: ISSUER })
    await enrolPasskey(key)
    const user = (await bridge.storage.get('user', await aliceId()))!
    await bridge.storage.set('user', user.id, {
      ...user,
      totp: { secretSealed: 'v1.x', enrolledAt: 0 },
    })
    const browser = bridge.browser()
    const page = await (
      await follow(browser, await signInWithPassword(browser, { app: 'bank' }))
    ).text()
    expect(page).toContain('name="code"')
    expect(readPasskeyForm(page, '/mfa/passkey')).toBeDefined()
  })

  it('sends a refused passkey back to its page with a message and a fresh challenge', async () => {
    const key = new SoftAuthenticator({ origin: ISSUER })
    await enrolPasskey(key)
    const browser = bridge.browser()
    const login = await (await follow(browser, await browser.get(authorizeUrl({})))).text()
    const form = readPasskeyForm(login, '/login/passkey')!
    const refused = await browser.post('/login/passkey', {
      ...form.fields,
      credential: JSON.stringify(key.assert(form.options, { origin: 'https://evil.example' })),
    })
    expect(refused.status).toBe(303)
    expect(refused.headers.get('Location')).toMatch(/^\/login\?tx=[^&]+&passkey=failed$/)
    const again = await follow(browser, refused)
    expect(again.status).toBe(401)
    const html = await again.text()
    expect(html).toContain('The passkey was not accepted.')
    expect(readPasskeyForm(html, '/login/passkey')!.options.challenge).not.toBe(
      form.options.challenge,
    )
    expect(await bridge.storage.list('session')).toHaveLength(0)
    const { entries } = await listAudit(bridge.storage, { event: 'sign_in.failed' })
    expect(entries.map((e) => e.reason)).toEqual(['passkey_verification'])
    const garbage = await browser.post('/login/passkey', { ...form.fields, credential: '{' })
    expect(garbage.headers.get('Location')).toMatch(/passkey=failed$/)
  })

  it('is offered only where a local connection is, and finds the user by the passkey alone', async () => {
    const key = new SoftAuthenticator({ origin: ISSUER })
    await enrolPasskey(key)
    // partner-portal signs in through another local connection: alice's passkey is no use there.
    const browser = bridge.browser()
    const login = await (
      await follow(browser, await browser.get(authorizeUrl({ app: 'partner-portal' })))
    ).text()
    const form = readPasskeyForm(login, '/login/passkey')!
    const refused = await browser.post('/login/passkey', {
      ...form.fields,
      credential: JSON.stringify(key.assert(form.options)),
    })
    expect(refused.headers.get('Location')).toMatch(/passkey=failed$/)
  })
})
