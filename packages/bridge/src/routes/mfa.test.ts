import { decodeJwt } from 'jose'
import { generate } from 'otplib'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  ALICE,
  authorizeUrl,
  createTestBridge,
  signInWithPassword,
  testConfig,
} from '../testing/bridge-fixture.js'
import { readForm, type TestBrowser } from '../testing/test-browser.js'

const BANK = 'http://127.0.0.1:4009/cb'
const bankUrl = (params: Record<string, string> = {}) => authorizeUrl({ app: 'bank', ...params })

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
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(1_800_000_010_000)
  bridge = await createTestBridge({ config: config() })
})
afterEach(() => vi.useRealTimers())

const nextStep = () => vi.setSystemTime(Date.now() + 30_000)
const totp = (secret: string) => generate({ secret, epoch: Math.floor(Date.now() / 1000) })

async function follow(browser: TestBrowser, response: Response) {
  expect([302, 303]).toContain(response.status)
  return browser.get(response.headers.get('Location')!)
}

/** Password for the bank app, then TOTP enrolment; returns the secret and the recovery codes. */
async function enrol(browser: TestBrowser) {
  const afterPassword = await signInWithPassword(browser, { app: 'bank' })
  expect(afterPassword.headers.get('Location')).toMatch(/^\/mfa\?tx=/)
  expect(await bridge.storage.list('session')).toHaveLength(0)
  const page = await follow(browser, afterPassword)
  const html = await page.text()
  expect(html).toContain('<svg')
  const secret =
    /data-totp-secret="">([A-Z2-7]+)</.exec(html)?.[1] ??
    /data-totp-secret[^>]*>([A-Z2-7]+)</.exec(html)?.[1]
  expect(secret).toBeTruthy()
  const shown = await browser.post('/mfa/enroll', {
    ...readForm(html).fields,
    code: await totp(secret!),
  })
  const codesPage = await shown.text()
  const codes = [...codesPage.matchAll(/<li><code>([a-z2-9-]+)<\/code><\/li>/g)].map((m) => m[1]!)
  expect(codes).toHaveLength(10)
  const done = await browser.post('/mfa/continue', readForm(codesPage).fields)
  return { secret: secret!, codes, done }
}

describe('MFA', () => {
  it('walks a user without a factor through TOTP enrolment before minting, with amr pwd+otp+mfa', async () => {
    const { done } = await enrol(bridge.browser())
    const { action, fields } = readForm(await done.text())
    expect(action).toBe(BANK)
    expect(decodeJwt(fields.token!).amr).toEqual(['pwd', 'otp', 'mfa'])
    const [user] = (await bridge.storage.list('user')).map((r) => r.value)
    expect(user!.totp!.secretSealed).toMatch(/^v1\./)
    expect(user!.recoveryCodes).toHaveLength(10)
  })

  it('asks a session without a second factor only for the second factor (step-up)', async () => {
    const { secret } = await enrol(bridge.browser())
    nextStep()
    const browser = bridge.browser()
    const shop = readForm(await (await signInWithPassword(browser)).text())
    expect(decodeJwt(shop.fields.token!).amr).toEqual(['pwd'])
    const stepUp = await browser.get(bankUrl())
    expect(stepUp.headers.get('Location')).toMatch(/^\/mfa\?tx=/)
    const challenge = await (await follow(browser, stepUp)).text()
    expect(challenge).toContain('Two-step verification')
    expect(challenge).not.toContain('name="password"')
    const done = await browser.post('/mfa', {
      ...readForm(challenge).fields,
      code: await totp(secret),
    })
    expect(decodeJwt(readForm(await done.text()).fields.token!).amr).toEqual(['pwd', 'otp', 'mfa'])
    // The stronger session now serves the bank without asking again.
    const again = await browser.get(bankUrl({ prompt: 'none' }))
    expect(readForm(await again.text()).fields.token).toBeTruthy()
  })

  it('answers prompt=none with login_required when a step-up is needed', async () => {
    const browser = bridge.browser()
    await signInWithPassword(browser)
    const response = await browser.get(bankUrl({ prompt: 'none' }))
    expect(readForm(await response.text()).fields).toMatchObject({ error: 'login_required' })
  })

  it('never mints when the MFA page is skipped by going back to /authorize', async () => {
    const browser = bridge.browser()
    const afterPassword = await signInWithPassword(browser, { app: 'bank' })
    expect(afterPassword.status).toBe(303)
    for (const app of ['bank', 'shop']) {
      const again = await browser.get(authorizeUrl({ app, ...(app === 'bank' ? {} : {}) }))
      expect(again.status).toBe(302)
      expect(again.headers.get('Location')).toMatch(/^\/login\?tx=/)
    }
    const form = readForm(await (await follow(browser, afterPassword)).text()).fields
    const early = await browser.post('/mfa/continue', form)
    expect(early.status).toBe(400)
    expect(await bridge.storage.list('session')).toHaveLength(0)
  })

  it('refuses wrong, malformed, reused and out-of-window codes, then throttles', async () => {
    const { secret } = await enrol(bridge.browser())
    nextStep()
    const browser = bridge.browser()
    const challengePage = async () =>
      readForm(
        await (await follow(browser, await signInWithPassword(browser, { app: 'bank' }))).text(),
      ).fields
    let fields = await challengePage()
    const outOfWindow = await generate({ secret, epoch: Math.floor(Date.now() / 1000) - 90 })
    for (const code of ['000000', 'abc', '', outOfWindow]) {
      const refused = await browser.post('/mfa', { ...fields, code })
      expect(refused.status, code).toBe(401)
      fields = readForm(await refused.text()).fields
    }
    const good = await totp(secret)
    const accepted = await browser.post('/mfa', { ...fields, code: good })
    expect(readForm(await accepted.text()).fields.token).toBeTruthy()

    // The right code gave the tries back; five more, the replayed code first, use them up.
    const other = bridge.browser()
    const page = await follow(other, await signInWithPassword(other, { app: 'bank' }))
    let retry = await other.post('/mfa', { ...readForm(await page.text()).fields, code: good })
    expect(retry.status).toBe(401) // the same code again: refused
    for (let i = 0; i < 4; i++) {
      retry = await other.post('/mfa', { ...readForm(await retry.text()).fields, code: '000000' })
      expect(retry.status).toBe(401)
    }
    nextStep()
    const blocked = await other.post('/mfa', {
      ...readForm(await retry.text()).fields,
      code: await totp(secret),
    })
    expect(blocked.status).toBe(429) // throttled now, right code or not
    expect(await blocked.text()).toContain('Too many failed attempts')
    expect(await bridge.storage.list('session')).toHaveLength(2)
  })

  it('checks 5 of 100 parallel codes, each on its own sign-in, then refuses the right one', async () => {
    const { secret } = await enrol(bridge.browser())
    nextStep()
    const forms: { browser: TestBrowser; fields: Record<string, string> }[] = []
    for (let i = 0; i < 101; i++) {
      const browser = bridge.browser()
      const page = await follow(browser, await signInWithPassword(browser, { app: 'bank' }))
      forms.push({ browser, fields: readForm(await page.text()).fields })
    }
    const last = forms.pop()!
    const responses = await Promise.all(
      forms.map(({ browser, fields }) => browser.post('/mfa', { ...fields, code: '000000' })),
    )
    const statuses = responses.map((r) => r.status)
    expect(statuses.filter((s) => s === 401)).toHaveLength(5)
    expect(statuses.filter((s) => s === 429)).toHaveLength(95)
    const right = await last.browser.post('/mfa', { ...last.fields, code: await totp(secret) })
    expect(right.status).toBe(429)
    expect(await right.text()).toContain('Too many failed attempts')
  })

  it('accepts a recovery code once and says how many are left', async () => {
    const { codes } = await enrol(bridge.browser())
    const browser = bridge.browser()
    const page = await follow(browser, await signInWithPassword(browser, { app: 'bank' }))
    const used = await browser.post('/mfa', {
      ...readForm(await page.text()).fields,
      recovery_code: codes[0]!,
    })
    const text = await used.text()
    expect(text).toContain('You have 9 recovery codes left.')
    const done = await browser.post('/mfa/continue', readForm(text).fields)
    expect(decodeJwt(readForm(await done.text()).fields.token!).amr).toEqual(['pwd', 'otp', 'mfa'])

    const again = bridge.browser()
    const second = await follow(again, await signInWithPassword(again, { app: 'bank' }))
    const reuse = await again.post('/mfa', {
      ...readForm(await second.text()).fields,
      recovery_code: codes[0]!,
    })
    expect(reuse.status).toBe(401)
    // The error is tied to the recovery field, which gets the focus back; the TOTP field does not.
    const html = await reuse.text()
    expect(html).toMatch(
      /<input id="recovery_code"[^>]*autofocus[^>]*aria-describedby="form-error"/,
    )
    expect(html).not.toMatch(/<input id="code"[^>]*autofocus/)
    const wrongTotp = await again.post('/mfa', { ...readForm(html).fields, code: '000000' })
    expect(await wrongTotp.text()).toMatch(/<input id="code"[^>]*autofocus/)
  })

  it('refuses a second-factor form from another browser or without CSRF', async () => {
    const browser = bridge.browser()
    const page = await follow(browser, await signInWithPassword(browser, { app: 'bank' }))
    const fields = readForm(await page.text()).fields
    expect((await bridge.browser().post('/mfa/enroll', { ...fields, code: '123456' })).status).toBe(
      403,
    )
    expect(
      (await browser.post('/mfa/enroll', { ...fields, csrf: 'forged', code: '123456' })).status,
    ).toBe(403)
    expect(
      (
        await browser.post(
          '/mfa/enroll',
          { ...fields, code: '123456' },
          { Origin: 'https://evil.example' },
        )
      ).status,
    ).toBe(403)
  })

  it('refuses a second first factor while the second factor is pending, and a continue before it passed', async () => {
    const browser = bridge.browser()
    const enrolPage = await follow(browser, await signInWithPassword(browser, { app: 'bank' }))
    const { tx, csrf } = readForm(await enrolPage.text()).fields
    // Back to the login form of the same transaction: the password again would swap the user
    // under the pending second factor, so the sign-in refuses the move.
    const login = await browser.get(`/login?tx=${tx}`)
    const again = await browser.post('/login', {
      ...readForm(await login.text()).fields,
      ...ALICE,
      action: 'sign-in',
    })
    expect(again.status).toBe(400)
    expect(await again.text()).toContain('<code>login_expired</code>')
    // The enrolment is still pending, and "continue" is no way around it.
    const page = await browser.get(`/mfa?tx=${tx}`)
    const fields = readForm(await page.text()).fields
    expect(fields.csrf).not.toBe(csrf)
    const skipped = await browser.post('/mfa/continue', { tx: fields.tx!, csrf: fields.csrf! })
    expect(skipped.status).toBe(400)
    expect(await bridge.storage.list('session')).toHaveLength(0)
  })
})
