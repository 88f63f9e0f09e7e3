import { decodeJwt } from 'jose'
import { afterEach, describe, expect, it } from 'vitest'
import { sessionsOfUser } from '../domain/sessions.js'
import { findUserByEmail } from '../domain/users.js'
import { ALICE, SHOP_CALLBACK, signInWithPassword, testConfig } from '../testing/bridge-fixture.js'
import { startBackchannelSite, type BackchannelSite } from '../testing/backchannel-site.js'
import { formOf, linkIn, memberBridge, openLogin } from '../testing/member-test-kit.js'
import { readForm, type TestBrowser } from '../testing/test-browser.js'

const NEW_PASSWORD = 'a brand new passphrase'
const sites: BackchannelSite[] = []
afterEach(async () => {
  await Promise.all(sites.splice(0).map((site) => site.close()))
})

type Bridge = Awaited<ReturnType<typeof memberBridge>>

async function askForReset(bridge: Bridge, browser: TestBrowser, email = ALICE.email) {
  const login = await openLogin(browser)
  const page = await browser.get(`/forgot-password?tx=${login.fields.tx}`)
  const response = await browser.post('/forgot-password', {
    ...formOf(await page.text(), '/forgot-password'),
    email,
  })
  return { login, response, html: await response.text() }
}

const tokenOf = (link: string) => link.split('token=')[1]!

describe('password reset', () => {
  it('sets the password, ends every session with back-channel logouts, signs the asking browser in', async () => {
    const site = await startBackchannelSite(() => 200)
    sites.push(site)
    const base = testConfig()
    const [shop, ...apps] = base.apps
    const bridge = await memberBridge({
      config: {
        apps: [
          { ...shop, backchannelLogoutUrl: site.url, dangerouslyAllowPrivateNetwork: true },
          ...apps,
        ],
      },
    })
    // Alice is signed in on two other browsers.
    for (const other of [bridge.browser(), bridge.browser()])
      expect((await signInWithPassword(other)).status).toBe(200)
    const alice = (await findUserByEmail(bridge.storage, 'staff', ALICE.email))!
    expect(await sessionsOfUser(bridge.storage, alice.id)).toHaveLength(2)

    const browser = bridge.browser()
    const { response, html } = await askForReset(bridge, browser)
    expect(response.status).toBe(200)
    expect(html).toContain('If there is an account for this address')
    const link = linkIn(await bridge.smtp.next(ALICE.email), '/reset-password')
    const form = await browser.get(link)
    expect(form.status).toBe(200)
    expect(await form.text()).toContain(ALICE.email)

    // A password the rules refuse shows the form again and leaves the link usable.
    const short = await browser.post('/reset-password', { token: tokenOf(link), password: 'short' })
    expect(short.status).toBe(400)
    expect(await short.text()).toContain('8 to 256 characters')

    const done = await browser.post('/reset-password', {
      token: tokenOf(link),
      password: NEW_PASSWORD,
    })
    expect(done.status).toBe(200)
    const delivered = readForm(await done.text())
    expect(delivered.action).toBe(SHOP_CALLBACK)
    expect(decodeJwt(delivered.fields.token!)).toMatchObject({ email: ALICE.email, amr: ['email'] })

    // The two other sessions ended, and the shop heard of both; only the new one is left.
    await bridge.services.backchannel.sender.idle()
    expect(site.received).toHaveLength(2)
    expect(await sessionsOfUser(bridge.storage, alice.id)).toHaveLength(1)
    const again = await bridge.refusalOf(
      await browser.post('/reset-password', { token: tokenOf(link), password: NEW_PASSWORD }),
    )
    expect(again).toMatchObject({
      status: 400,
      code: 'link_expired',
      reason: 'email_token_unknown',
    })

    // The new password signs in, the old one no longer does.
    expect(
      (
        await signInWithPassword(
          bridge.browser(),
          {},
          { email: ALICE.email, password: NEW_PASSWORD },
        )
      ).status,
    ).toBe(200)
    const old = await signInWithPassword(bridge.browser())
    expect(old.status).toBe(401)
    expect(await old.text()).toContain('Wrong email or password.')
  })

  it('answers an unknown address as a known one, sends nothing, and takes similar time', async () => {
    const bridge = await memberBridge()
    const known = await askForReset(bridge, bridge.browser())
    const unknown = await askForReset(bridge, bridge.browser(), 'nobody@example.com')
    const strip = (html: string) => html.replace(/[\w.]+@[\w.]+|tx=[^"]+|nonce="[^"]+"/g, '')
    expect(unknown.response.status).toBe(known.response.status)
    expect(strip(unknown.html)).toBe(strip(known.html))
    await bridge.settled()
    expect(bridge.smtp.messages.map((m) => m.to)).toEqual([ALICE.email])

    // Timing: what depends on the account runs after the answer. A generous bound: the medians
    // of a few requests each stay within 50 ms of each other on a noisy machine.
    const median = async (email: string) => {
      const times: number[] = []
      for (let i = 0; i < 4; i++) {
        const browser = bridge.browser()
        const login = await openLogin(browser)
        const page = await browser.get(`/forgot-password?tx=${login.fields.tx}`)
        const fields = formOf(await page.text(), '/forgot-password')
        const started = performance.now()
        await browser.post('/forgot-password', { ...fields, email })
        times.push(performance.now() - started)
      }
      return times.sort((a, b) => a - b)[2]!
    }
    // Alice's address four more times stays within its limit of five emails an hour.
    const knownTime = await median(ALICE.email)
    const unknownTime = await median('someone@example.net')
    expect(Math.abs(knownTime - unknownTime)).toBeLessThan(50)
  })

  it('cannot sign the resetting browser into a sign-in another browser started', async () => {
    const bridge = await memberBridge()
    // The attacker asks for a reset of Alice's account from their own pending sign-in...
    const attacker = bridge.browser()
    const { login } = await askForReset(bridge, attacker)
    const link = linkIn(await bridge.smtp.next(ALICE.email), '/reset-password')
    // ...Alice uses the link in her browser: her password changes, nobody is signed in.
    const alice = bridge.browser()
    const done = await alice.post('/reset-password', {
      token: tokenOf(link),
      password: NEW_PASSWORD,
    })
    expect(done.status).toBe(200)
    expect(await done.text()).toContain('Password changed')
    expect(done.headers.getSetCookie().join()).not.toMatch(/session=[^;]/)
    // The attacker's sign-in is still at its login page: nothing was finished for it.
    const page = await attacker.get(`/login?tx=${login.fields.tx}`)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('Sign in')
  })

  it('refuses reset links that are malformed, unknown, for a disabled user, or for verification', async () => {
    const bridge = await memberBridge()
    const browser = bridge.browser()
    const refused = async (response: Promise<Response>) => bridge.refusalOf(await response)
    expect(await refused(browser.get('/reset-password?token=x'))).toMatchObject({
      status: 400,
      reason: 'email_token_unknown',
    })
    expect(
      await refused(
        browser.post('/reset-password', { token: 'B'.repeat(43), password: NEW_PASSWORD }),
      ),
    ).toMatchObject({ status: 400, reason: 'email_token_unknown' })
    expect(await refused(browser.get('/reset-password'))).toMatchObject({ status: 400 })

    await askForReset(bridge, browser)
    const token = tokenOf(linkIn(await bridge.smtp.next(ALICE.email), '/reset-password'))
    const alice = (await findUserByEmail(bridge.storage, 'staff', ALICE.email))!
    await bridge.storage.set('user', alice.id, { ...alice, disabled: true })
    expect(await refused(browser.get(`/reset-password?token=${token}`))).toMatchObject({
      status: 403,
      reason: 'user_disabled',
    })
    expect(
      await refused(browser.post('/reset-password', { token, password: NEW_PASSWORD })),
    ).toMatchObject({ status: 403, reason: 'user_disabled' })
    const after = (await findUserByEmail(bridge.storage, 'staff', ALICE.email))!
    expect(after.passwordHash).toBe(alice.passwordHash)
  })

  it('limits reset emails per address, with the same answer for unknown ones', async () => {
    const bridge = await memberBridge()
    for (let i = 0; i < 5; i++)
      expect(
        (await askForReset(bridge, bridge.browser(), 'nobody@example.com')).response.status,
      ).toBe(200)
    const sixth = await askForReset(bridge, bridge.browser(), 'nobody@example.com')
    expect(sixth.response.status).toBe(429)
    expect(sixth.html).toContain('Too many emails')
  })

  it('an address with CR/LF or of a huge size is refused on the form and sends nothing', async () => {
    const bridge = await memberBridge()
    for (const email of [
      `${ALICE.email}\r\nBcc: x@evil.example`,
      `${'a'.repeat(300)}@example.com`,
    ]) {
      const { response, html } = await askForReset(bridge, bridge.browser(), email)
      expect(response.status).toBe(400)
      expect(html).toContain('valid email address')
    }
    await bridge.settled()
    expect(bridge.smtp.messages).toEqual([])
  })
})
