/**
 * Second factors enrolled or removed by the user reach the apps as `mfa.enrolled` /
 * `mfa.removed` with the factor, and are audited with the user as the actor.
 */
import type { PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/server'
import { generate } from 'otplib'
import { beforeEach, describe, expect, it } from 'vitest'
import { listAudit } from '../domain/audit-log.js'
import type { WebhookPayload } from '../domain/lifecycle-events.js'
import { findUserByEmail } from '../domain/users.js'
import { listPasskeys } from '../mfa/passkeys.js'
import {
  ALICE,
  createTestBridge,
  ISSUER,
  signInWithPassword,
  testConfig,
} from '../testing/bridge-fixture.js'
import { readPasskeyForm, SoftAuthenticator } from '../testing/soft-authenticator.js'
import { readForm, type TestBrowser } from '../testing/test-browser.js'
import { addWebhookEndpoint, queuedEvents } from '../testing/webhook-outbox-kit.js'

type CreateOptions = PublicKeyCredentialCreationOptionsJSON
const ACCOUNT = '/account/passkeys'

let bridge: Awaited<ReturnType<typeof createTestBridge>>
beforeEach(async () => {
  const base = testConfig()
  bridge = await createTestBridge({
    config: {
      ...base,
      apps: [
        ...base.apps,
        {
          id: 'bank',
          callbackUrls: ['http://127.0.0.1:4009/cb'],
          connections: ['staff'],
          signing: { alg: 'ES256' },
          requireMfa: true,
        },
      ],
    },
  })
  const { storage, box } = bridge.services
  await addWebhookEndpoint(storage, box, 'shop')
  await addWebhookEndpoint(storage, box, 'partner-portal')
})

// Sorted: events queued within one millisecond have no order in the outbox.
const factorEvents = async (app = 'shop') =>
  (await queuedEvents(bridge.storage, app))
    .filter((e) => e.type.startsWith('mfa.'))
    .map(({ type, factor }: WebhookPayload) => `${type} ${factor}`)
    .sort()

async function auditOf(event: string) {
  const alice = (await findUserByEmail(bridge.storage, 'staff', ALICE.email))!
  const { entries } = await listAudit(bridge.storage, { event, user: alice.id })
  return entries.map((e) => ({ actor: e.actor, after: e.after }))
}

/** A password sign-in to the bank app, up to its enrolment page. */
async function enrolmentPage(browser: TestBrowser) {
  const afterPassword = await signInWithPassword(browser, { app: 'bank' })
  expect(afterPassword.headers.get('Location')).toMatch(/^\/mfa\?tx=/)
  return (await browser.get(afterPassword.headers.get('Location')!)).text()
}

describe('second factors as lifecycle events', () => {
  it('a TOTP enrolment tells of TOTP and the recovery codes, audited as the user', async () => {
    const browser = bridge.browser()
    const html = await enrolmentPage(browser)
    const secret = /data-totp-secret[^>]*>([A-Z2-7]+)</.exec(html)![1]!
    // A wrong code enrols nothing and tells nothing.
    const wrong = await browser.post('/mfa/enroll', { ...readForm(html).fields, code: '000000' })
    expect(wrong.status).toBe(401)
    expect(await factorEvents()).toEqual([])
    const page = await wrong.text()
    const code = await generate({ secret, epoch: Math.floor(Date.now() / 1000) })
    const shown = await browser.post('/mfa/enroll', { ...readForm(page).fields, code })
    expect(await shown.text()).toContain('Save your recovery codes')
    expect(await factorEvents()).toEqual(['mfa.enrolled recovery_codes', 'mfa.enrolled totp'])
    expect(await factorEvents('partner-portal')).toEqual([])
    const alice = (await findUserByEmail(bridge.storage, 'staff', ALICE.email))!
    expect(await auditOf('user.mfa_enrolled')).toEqual([
      { actor: { type: 'user', id: alice.id }, after: { factors: ['totp', 'recovery_codes'] } },
    ])
  })

  it('a passkey enrolled at sign-in tells of the passkey and the recovery codes', async () => {
    const browser = bridge.browser()
    const form = readPasskeyForm<CreateOptions>(
      await enrolmentPage(browser),
      '/mfa/passkey/enroll',
    )!
    const key = new SoftAuthenticator({ origin: ISSUER })
    const response = await browser.post('/mfa/passkey/enroll', {
      ...form.fields,
      credential: JSON.stringify(key.register(form.options)),
    })
    expect(await response.text()).toContain('Save your recovery codes')
    expect(await factorEvents()).toEqual(['mfa.enrolled passkey', 'mfa.enrolled recovery_codes'])
  })

  it('the account page tells of each passkey added and removed', async () => {
    const browser = bridge.browser()
    await signInWithPassword(browser)
    const add = async () => {
      const form = readPasskeyForm<CreateOptions>(
        await (await browser.get(ACCOUNT)).text(),
        ACCOUNT,
      )!
      const key = new SoftAuthenticator({ origin: ISSUER })
      return browser.post(ACCOUNT, {
        ...form.fields,
        credential: JSON.stringify(key.register(form.options)),
      })
    }
    // A credential that is not one adds nothing and tells nothing.
    const csrf = /name="csrf" value="([^"]+)"/.exec(await (await browser.get(ACCOUNT)).text())![1]!
    await browser.post(ACCOUNT, { csrf, credential: '{"id":"x"}' })
    expect(await factorEvents()).toEqual([])

    expect((await add()).status).toBe(200)
    expect((await add()).status).toBe(303)
    const alice = (await findUserByEmail(bridge.storage, 'staff', ALICE.email))!
    const [first] = await listPasskeys(bridge.storage, alice.id)
    // Removing a passkey that is not there is refused, and tells nothing.
    expect((await browser.post(`${ACCOUNT}/remove`, { csrf, id: 'bm90LWEta2V5' })).status).toBe(404)
    const removed = await browser.post(`${ACCOUNT}/remove`, { csrf, id: first!.id })
    expect(removed.status).toBe(303)
    expect(await factorEvents()).toEqual([
      'mfa.enrolled passkey',
      'mfa.enrolled passkey',
      'mfa.enrolled recovery_codes',
      'mfa.removed passkey',
    ])
    expect(await auditOf('user.mfa_removed')).toEqual([
      { actor: { type: 'user', id: alice.id }, after: { factors: ['passkey'] } },
    ])
    expect(await factorEvents('partner-portal')).toEqual([])
  })
})
