import { decodeJwt } from 'jose'
import { describe, expect, it } from 'vitest'
import { findUserByEmail } from '../domain/users.js'
import { ALICE, SHOP_CALLBACK, signInWithPassword } from '../testing/bridge-fixture.js'
import { codeIn, formOf, linkIn, memberBridge, openLogin } from '../testing/member-test-kit.js'
import { readForm, type TestBrowser } from '../testing/test-browser.js'

type Bridge = Awaited<ReturnType<typeof memberBridge>>

/** The login page's "Email me a sign-in code": the code page and its form fields. */
async function askForCode(browser: TestBrowser, email = ALICE.email) {
  const login = await openLogin(browser)
  const response = await browser.post('/login/email-code', { ...login.fields, email, password: '' })
  const html = await response.text()
  return {
    login,
    response,
    html,
    form: html.includes('action="/login/code"') ? formOf(html, '/login/code') : {},
  }
}

const tokenOf = (link: string) => link.split('token=')[1]!

async function expectDelivered(response: Response, amr = ['email']) {
  expect(response.status).toBe(200)
  const { action, fields } = readForm(await response.text())
  expect(action).toBe(SHOP_CALLBACK)
  expect(decodeJwt(fields.token!)).toMatchObject({ email: ALICE.email, amr })
}

describe('sign-in by an emailed code or magic link', () => {
  it('the code signs in once; its link is then void', async () => {
    const bridge = await memberBridge()
    const browser = bridge.browser()
    const { login, response, html, form } = await askForCode(browser)
    expect(login.html).toContain('formaction="/login/email-code"')
    expect(response.status).toBe(200)
    expect(html).toContain('we sent a 6-digit code to')
    const message = await bridge.smtp.next(ALICE.email)
    expect(message.subject).toMatch(/^Your sign-in code for Shop: \d{6}$/)
    const code = codeIn(message)
    const link = linkIn(message, '/login/link')

    const wrong = await browser.post('/login/code', {
      ...form,
      code: code === '000000' ? '111111' : '000000',
    })
    expect(wrong.status).toBe(401)
    const retry = await wrong.text()
    expect(retry).toContain('That code is not right')
    await expectDelivered(
      await browser.post('/login/code', { ...formOf(retry, '/login/code'), code }),
    )
    expect(
      await bridge.refusalOf(await browser.post('/login/link', { token: tokenOf(link) })),
    ).toMatchObject({ status: 400, code: 'link_expired', reason: 'email_code_unknown' })
    expect(await bridge.refusalOf(await browser.get(link))).toMatchObject({ status: 400 })
  })

  it('the magic link works only in the browser that asked, and stays usable there', async () => {
    const bridge = await memberBridge()
    const browser = bridge.browser()
    await askForCode(browser)
    const link = linkIn(await bridge.smtp.next(ALICE.email), '/login/link')
    // Another browser (a phone's mail app): told to use the code where it started, not signed in.
    const phone = bridge.browser()
    expect((await phone.get(link)).status).toBe(200)
    const elsewhere = await phone.post('/login/link', { token: tokenOf(link) })
    expect(elsewhere.status).toBe(403)
    expect(await elsewhere.text()).toContain('Type the code from the email there instead')
    expect(elsewhere.headers.getSetCookie().join()).not.toMatch(/session=/)
    const page = await browser.get(link)
    await expectDelivered(
      await browser.post('/login/link', formOf(await page.text(), '/login/link')),
    )
  })

  it('an unknown address gets the same page and no email; no code opens it', async () => {
    const bridge = await memberBridge()
    const known = await askForCode(bridge.browser())
    const browser = bridge.browser()
    const unknown = await askForCode(browser, 'nobody@example.com')
    const strip = (html: string) =>
      html.replace(/[\w.]+@[\w.]+|value="[^"]*"|tx=[^"]+|nonce="[^"]+"/g, '')
    expect(unknown.response.status).toBe(known.response.status)
    expect(strip(unknown.html)).toBe(strip(known.html))
    await bridge.settled()
    expect(bridge.smtp.messages.map((m) => m.to)).toEqual([ALICE.email])
    const guess = await browser.post('/login/code', { ...unknown.form, code: '123456' })
    expect(guess.status).toBe(401)
  })

  it('five wrong codes void the code', async () => {
    const bridge = await memberBridge()
    const browser = bridge.browser()
    let { form } = await askForCode(browser)
    const code = codeIn(await bridge.smtp.next(ALICE.email))
    const wrongCode = code === '000000' ? '111111' : '000000'
    for (let i = 0; i < 5; i++) {
      const wrong = await browser.post('/login/code', { ...form, code: wrongCode })
      expect(wrong.status).toBe(401)
      form = formOf(await wrong.text(), '/login/code')
    }
    const right = await bridge.refusalOf(await browser.post('/login/code', { ...form, code }))
    expect(right).toMatchObject({ status: 429, reason: 'email_code_attempts' })
  })

  it('code only: the email has no link; link only: no code form and codes are refused', async () => {
    const codeOnly = await memberBridge({ passwordless: 'code' })
    await askForCode(codeOnly.browser())
    const message = await codeOnly.smtp.next(ALICE.email)
    codeIn(message)
    expect(message.text).not.toContain('/login/link')

    const linkOnly = await memberBridge({ passwordless: 'link' })
    const browser = linkOnly.browser()
    const { html, login } = await askForCode(browser)
    expect(html).not.toContain('action="/login/code"')
    expect(html).toContain('sign-in link')
    const sent = await linkOnly.smtp.next(ALICE.email)
    expect(sent.text).not.toMatch(/\b\d{6}\b/)
    const page = await browser.get(`/login?tx=${login.fields.tx}`)
    const fields = readForm(await page.text()).fields
    expect(
      await linkOnly.refusalOf(
        await browser.post('/login/code', { ...fields, email: ALICE.email, code: '123456' }),
      ),
    ).toMatchObject({ status: 400, reason: 'passwordless_off' })
  })

  it('off: no button on the login page, and the endpoint refuses', async () => {
    const bridge = await memberBridge({ passwordless: 'off', signup: 'off' })
    const browser = bridge.browser()
    const login = await openLogin(browser)
    expect(login.html).not.toContain('/login/email-code')
    const refused = await bridge.refusalOf(
      await browser.post('/login/email-code', { ...login.fields, email: ALICE.email }),
    )
    expect(refused).toMatchObject({ status: 400, reason: 'passwordless_off' })
    await bridge.settled()
    expect(bridge.smtp.messages).toEqual([])
  })

  it('with a second factor required, the code leads to the second factor, no session yet', async () => {
    const bridge = await memberBridge({ mfa: 'required' })
    const browser = bridge.browser()
    const { form } = await askForCode(browser)
    const code = codeIn(await bridge.smtp.next(ALICE.email))
    const response = await browser.post('/login/code', { ...form, code })
    expect(response.status).toBe(303)
    expect(response.headers.get('Location')).toMatch(/^\/mfa\?tx=/)
    expect(response.headers.getSetCookie().join()).not.toMatch(/session=/)
  })
})

describe('requireVerifiedEmail', () => {
  async function unverifiedAlice(bridge: Bridge) {
    const alice = (await findUserByEmail(bridge.storage, 'staff', ALICE.email))!
    await bridge.storage.set('user', alice.id, { ...alice, emailVerified: false })
  }

  it('stops a right password of an unverified address with a fresh link, which then signs in', async () => {
    const bridge = await memberBridge({ requireVerifiedEmail: true })
    await unverifiedAlice(bridge)
    const browser = bridge.browser()
    const stopped = await signInWithPassword(browser)
    expect(stopped.status).toBe(403)
    expect(await stopped.text()).toContain('Confirm your email address first')
    expect(stopped.headers.getSetCookie().join()).not.toMatch(/session=/)
    const link = linkIn(await bridge.smtp.next(ALICE.email), '/verify-email')
    const response = await browser.post('/verify-email', { token: tokenOf(link) })
    expect(response.status).toBe(200)
    const { fields } = readForm(await response.text())
    expect(decodeJwt(fields.token!)).toMatchObject({ email_verified: true })
  })

  it('a wrong password of an unverified address is just a wrong password, and sends nothing', async () => {
    const bridge = await memberBridge({ requireVerifiedEmail: true })
    await unverifiedAlice(bridge)
    const response = await signInWithPassword(
      bridge.browser(),
      {},
      { email: ALICE.email, password: 'nope nope' },
    )
    expect(response.status).toBe(401)
    await bridge.settled()
    expect(bridge.smtp.messages).toEqual([])
  })
})
