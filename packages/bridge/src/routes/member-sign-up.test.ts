import { decodeJwt } from 'jose'
import { describe, expect, it } from 'vitest'
import { findUserByEmail } from '../domain/users.js'
import { ALICE } from '../testing/bridge-fixture.js'
import { formOf, linkIn, memberBridge, openLogin } from '../testing/member-test-kit.js'
import { readForm } from '../testing/test-browser.js'

const ADA = { email: 'ada@example.org', name: 'Ada Lovelace', password: 'analytical engine 1843' }

async function signUp(
  bridge: Awaited<ReturnType<typeof memberBridge>>,
  browser = bridge.browser(),
  fields: Record<string, string> = ADA,
) {
  const login = await openLogin(browser)
  const page = await browser.get(`/signup?tx=${login.fields.tx}`)
  const form = formOf(await page.text(), '/signup')
  const response = await browser.post('/signup', { ...form, ...fields })
  return { browser, login, response, html: await response.text() }
}

describe('sign-up with a verification email', () => {
  it('creates the account, mails the link, and the link signs the same browser in verified', async () => {
    const bridge = await memberBridge()
    const { browser, login, response, html } = await signUp(bridge)
    expect(login.html).toContain(`href="/signup?tx=${login.fields.tx}"`)
    expect(response.status).toBe(200)
    expect(html).toContain('Check your email')
    const message = await bridge.smtp.next(ADA.email)
    expect(message.subject).toBe('Confirm your email for Shop')
    const link = linkIn(message, '/verify-email')
    const created = await findUserByEmail(bridge.storage, 'staff', ADA.email)
    expect(created).toMatchObject({ name: ADA.name, emailVerified: false })
    expect(created?.passwordHash).toMatch(/^\$argon2id\$/)

    // Opening the link uses nothing up (mail scanners open links): only its button does.
    const shown = await browser.get(link)
    expect(shown.status).toBe(200)
    expect((await browser.get(link)).status).toBe(200)
    const confirm = await browser.post('/verify-email', formOf(await shown.text(), '/verify-email'))
    expect(confirm.status).toBe(200)
    const delivered = readForm(await confirm.text())
    expect(delivered.action).toBe('http://127.0.0.1:4001/sso/callback')
    expect(decodeJwt(delivered.fields.token!)).toMatchObject({
      email: ADA.email,
      email_verified: true,
      name: ADA.name,
      amr: ['email'],
    })
    expect((await findUserByEmail(bridge.storage, 'staff', ADA.email))?.emailVerified).toBe(true)
    // Used once: the second use is refused by reason, and changes nothing.
    const again = await bridge.refusalOf(
      await browser.post('/verify-email', { token: link.split('token=')[1]! }),
    )
    expect(again).toMatchObject({
      status: 400,
      code: 'link_expired',
      reason: 'email_token_unknown',
    })
  })

  it('verifies the address in another browser without signing that browser in', async () => {
    const bridge = await memberBridge()
    await signUp(bridge)
    const link = linkIn(await bridge.smtp.next(ADA.email), '/verify-email')
    const other = bridge.browser()
    const response = await other.post('/verify-email', { token: link.split('token=')[1]! })
    expect(response.status).toBe(200)
    expect(await response.text()).toContain('Email confirmed')
    expect(response.headers.getSetCookie().join()).not.toMatch(/session=/)
    expect((await findUserByEmail(bridge.storage, 'staff', ADA.email))?.emailVerified).toBe(true)
  })

  it('answers a taken address as a new one, and tells its owner instead', async () => {
    const bridge = await memberBridge()
    const fresh = await signUp(bridge)
    const taken = await signUp(bridge, bridge.browser(), { ...ADA, email: ALICE.email })
    expect(taken.response.status).toBe(fresh.response.status)
    const strip = (html: string) => html.replace(/[\w.]+@[\w.]+|tx=[^"]+|nonce="[^"]+"/g, '')
    expect(strip(taken.html)).toBe(strip(fresh.html))
    const owner = await bridge.smtp.next(ALICE.email)
    expect(owner.subject).toBe('You already have an account for Shop')
    linkIn(owner, '/reset-password')
    const alice = await findUserByEmail(bridge.storage, 'staff', ALICE.email)
    expect(alice?.name).toBe('Alice Example')
  })

  it('with a second factor required, the new member enrols before any session exists', async () => {
    const bridge = await memberBridge({ mfa: 'required' })
    const { browser } = await signUp(bridge)
    const token = linkIn(await bridge.smtp.next(ADA.email), '/verify-email').split('token=')[1]!
    const confirm = await browser.post('/verify-email', { token })
    expect(confirm.status).toBe(303)
    expect(confirm.headers.get('Location')).toMatch(/^\/mfa\?tx=/)
    expect(confirm.headers.getSetCookie().join()).not.toMatch(/session=/)
  })

  it('signs up without a password where the connection signs in by email', async () => {
    const bridge = await memberBridge({ passwordless: 'code' })
    const { response } = await signUp(bridge, undefined, { email: ADA.email, password: '' })
    expect(response.status).toBe(200)
    await bridge.smtp.next(ADA.email)
    expect(
      (await findUserByEmail(bridge.storage, 'staff', ADA.email))?.passwordHash,
    ).toBeUndefined()
  })
})

describe('sign-up refusals change nothing', () => {
  it('off: no link on the login page, and the page itself refuses', async () => {
    const bridge = await memberBridge({ signup: 'off' })
    const browser = bridge.browser()
    const login = await openLogin(browser)
    expect(login.html).not.toContain('/signup')
    expect(login.html).toContain('Forgot your password?')
    const refused = await bridge.refusalOf(await browser.get(`/signup?tx=${login.fields.tx}`))
    expect(refused).toMatchObject({ status: 403, code: 'signup_refused', reason: 'signup_off' })
  })

  it('an address of a domain not allowed, malformed input and a short password: the form again', async () => {
    const bridge = await memberBridge({ signup: { domains: ['example.com'] }, passwordless: 'off' })
    const cases: [Record<string, string>, RegExp][] = [
      [ADA, /need an address at example\.com/],
      [{ ...ADA, email: 'bob@example.com', password: 'short' }, /8 to 256 characters/],
      [{ ...ADA, email: 'bob@example.com', password: '' }, /8 to 256 characters/],
      [{ ...ADA, email: 'not an address' }, /valid email address/],
      [{ ...ADA, email: 'bob@example.com\r\nBcc: x@evil.example' }, /valid email address/],
      [{ ...ADA, email: `${'a'.repeat(300)}@example.com` }, /valid email address/],
      [{ ...ADA, email: 'bob@example.com', name: 'Bob\r\nBcc: x@evil.example' }, /at most 128/],
      [{ ...ADA, email: 'bob@example.com', name: 'b'.repeat(129) }, /at most 128/],
    ]
    for (const [fields, shown] of cases) {
      const { response, html } = await signUp(bridge, bridge.browser(), fields)
      expect(response.status, JSON.stringify(fields)).toBeGreaterThanOrEqual(400)
      expect(response.status).toBeLessThan(500)
      expect(html).toMatch(shown)
      expect(html).toContain('role="alert"')
    }
    await bridge.settled()
    expect(bridge.smtp.messages).toEqual([])
    expect(await findUserByEmail(bridge.storage, 'staff', 'bob@example.com')).toBeUndefined()
    expect(await findUserByEmail(bridge.storage, 'staff', ADA.email)).toBeUndefined()
  })

  it('forged, foreign and oversized submissions are refused by reason', async () => {
    const bridge = await memberBridge()
    const browser = bridge.browser()
    const login = await openLogin(browser)
    const form = formOf(
      await (await browser.get(`/signup?tx=${login.fields.tx}`)).text(),
      '/signup',
    )
    const post = (fields: Record<string, string>, who = browser, headers = {}) =>
      who.post('/signup', { ...form, ...ADA, ...fields }, headers).then(bridge.refusalOf)
    expect(await post({ csrf: 'forged' })).toMatchObject({
      status: 403,
      reason: 'csrf_token_mismatch',
    })
    expect(await post({}, bridge.browser())).toMatchObject({
      status: 403,
      reason: 'transaction_other_browser',
    })
    expect(await post({}, browser, { Origin: 'https://evil.example' })).toMatchObject({
      status: 403,
      code: 'csrf_failed',
    })
    expect(await post({ name: 'x'.repeat(20_000) })).toMatchObject({ status: 413 })
    expect(await post({ tx: 'nope' })).toMatchObject({ status: 400, code: 'login_expired' })
    await bridge.settled()
    expect(bridge.smtp.messages).toEqual([])
    expect(await findUserByEmail(bridge.storage, 'staff', ADA.email)).toBeUndefined()
  })

  it('a verification token that is malformed, unknown or meant for a reset is refused', async () => {
    const bridge = await memberBridge()
    const browser = bridge.browser()
    const unknown = 'A'.repeat(43)
    expect(await bridge.refusalOf(await browser.get('/verify-email?token=<script>'))).toMatchObject(
      {
        status: 400,
        reason: 'email_token_unknown',
      },
    )
    expect(
      await bridge.refusalOf(await browser.post('/verify-email', { token: unknown })),
    ).toMatchObject({
      status: 400,
      reason: 'email_token_unknown',
    })
    const login = await openLogin(browser)
    const forgot = formOf(
      await (await browser.get(`/forgot-password?tx=${login.fields.tx}`)).text(),
      '/forgot-password',
    )
    await browser.post('/forgot-password', { ...forgot, email: ALICE.email })
    const reset = linkIn(await bridge.smtp.next(ALICE.email), '/reset-password').split('token=')[1]!
    expect(
      await bridge.refusalOf(await browser.post('/verify-email', { token: reset })),
    ).toMatchObject({
      status: 400,
      reason: 'email_token_other_purpose',
    })
    // Not used up by the wrong page: the reset link still opens its form.
    expect((await browser.get(`/reset-password?token=${reset}`)).status).toBe(200)
  })
})

describe('member emails in the visitor language', () => {
  it("writes the verification email in the page's language", async () => {
    const bridge = await memberBridge()
    const browser = bridge.browser()
    const start = await browser.get('/authorize?app=shop&state=s&ui_locales=de')
    const login = await browser.get(start.headers.get('Location')!)
    const tx = readForm(await login.text()).fields.tx!
    const page = await browser.get(`/signup?tx=${tx}`)
    const html = await page.text()
    expect(html).toContain('<html lang="de"')
    const response = await browser.post('/signup', { ...formOf(html, '/signup'), ...ADA })
    expect(response.status).toBe(200)
    const message = await bridge.smtp.next(ADA.email)
    expect(message.subject).toBe('Bestätigen Sie Ihre E-Mail-Adresse für Shop')
    expect(message.html).toContain('<html lang="de"')
  })
})
