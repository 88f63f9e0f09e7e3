/**
 * A member's own changes reach the apps as lifecycle events: a sign-up creates a user, the
 * verification link or a passwordless sign-in verifies the address, a reset link sets a new
 * password. Only the apps of the member's connection hear of them.
 */
import { describe, expect, it } from 'vitest'
import { findUserByEmail } from '../domain/users.js'
import { ALICE } from '../testing/bridge-fixture.js'
import { codeIn, formOf, linkIn, memberBridge, openLogin } from '../testing/member-test-kit.js'
import type { TestBrowser } from '../testing/test-browser.js'
import { addWebhookEndpoint, queuedEvents, queuedOfType } from '../testing/webhook-outbox-kit.js'

const ADA = { email: 'ada@example.org', name: 'Ada Lovelace', password: 'analytical engine 1843' }

type Bridge = Awaited<ReturnType<typeof memberBridge>>

/** The sign-up form, filled in and sent; waits for the email it sends. */
async function signUp(bridge: Bridge, browser: TestBrowser, email = ADA.email) {
  const login = await openLogin(browser)
  const page = await browser.get(`/signup?tx=${login.fields.tx}`)
  await browser.post('/signup', { ...formOf(await page.text(), '/signup'), ...ADA, email })
  return bridge.smtp.next(email)
}

async function bridgeWithEndpoints() {
  const bridge = await memberBridge()
  const { storage, box } = bridge.services
  const shop = await addWebhookEndpoint(storage, box, 'shop')
  await addWebhookEndpoint(storage, box, 'partner-portal')
  return { ...bridge, shop }
}

describe('member changes as lifecycle events', () => {
  it('a sign-up creates the user, and following its link tells that the address is verified', async () => {
    const bridge = await bridgeWithEndpoints()
    const browser = bridge.browser()
    const link = linkIn(await signUp(bridge, browser), '/verify-email')
    const ada = (await findUserByEmail(bridge.storage, 'staff', ADA.email))!
    expect(await queuedEvents(bridge.storage, 'shop')).toMatchObject([
      {
        type: 'user.created',
        endpointId: bridge.shop.id,
        user: { id: ada.id, email: ADA.email, name: ADA.name, emailVerified: false },
      },
    ])

    const shown = await browser.get(link)
    await browser.post('/verify-email', formOf(await shown.text(), '/verify-email'))
    expect(await queuedOfType(bridge.storage, 'shop', 'user.updated')).toMatchObject([
      { changed: ['emailVerified'], user: { id: ada.id, emailVerified: true } },
    ])
    expect(await queuedEvents(bridge.storage, 'partner-portal')).toEqual([])
  })

  it('a sign-up with a taken address creates nobody and tells nothing', async () => {
    const bridge = await bridgeWithEndpoints()
    const browser = bridge.browser()
    await signUp(bridge, browser, ALICE.email)
    expect(await queuedEvents(bridge.storage, 'shop')).toEqual([])
  })

  it('a reset link tells of the new password', async () => {
    const bridge = await bridgeWithEndpoints()
    const browser = bridge.browser()
    const login = await openLogin(browser)
    const page = await browser.get(`/forgot-password?tx=${login.fields.tx}`)
    await browser.post('/forgot-password', {
      ...formOf(await page.text(), '/forgot-password'),
      email: ALICE.email,
    })
    const link = linkIn(await bridge.smtp.next(ALICE.email), '/reset-password')
    const token = link.split('token=')[1]!
    // Refused by the rules: nothing changed, nothing told.
    expect((await browser.post('/reset-password', { token, password: 'short' })).status).toBe(400)
    expect(await queuedOfType(bridge.storage, 'shop', 'password.changed')).toEqual([])
    const done = await browser.post('/reset-password', { token, password: 'a new passphrase!' })
    expect(done.status).toBe(200)
    const alice = (await findUserByEmail(bridge.storage, 'staff', ALICE.email))!
    expect(await queuedOfType(bridge.storage, 'shop', 'password.changed')).toMatchObject([
      { user: { id: alice.id } },
    ])
    // Alice's address was verified already: the link changed nothing else.
    expect(await queuedOfType(bridge.storage, 'shop', 'user.updated')).toEqual([])
    expect(await queuedEvents(bridge.storage, 'partner-portal')).toEqual([])
  })

  it('a passwordless sign-in of an unverified address tells that it is verified now', async () => {
    const bridge = await bridgeWithEndpoints()
    const browser = bridge.browser()
    await signUp(bridge, browser)

    const login = await openLogin(browser)
    const asked = await browser.post('/login/email-code', {
      ...login.fields,
      email: ADA.email,
      password: '',
    })
    const form = formOf(await asked.text(), '/login/code')
    const code = codeIn(await bridge.smtp.next(ADA.email))
    expect((await browser.post('/login/code', { ...form, code })).status).toBe(200)
    expect(await queuedOfType(bridge.storage, 'shop', 'user.updated')).toMatchObject([
      { changed: ['emailVerified'], user: { email: ADA.email, emailVerified: true } },
    ])
  })
})
