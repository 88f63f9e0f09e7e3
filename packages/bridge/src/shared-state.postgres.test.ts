/**
 * Shared state of the password sign-in, checked family by family with two real bridge processes
 * on one Postgres schema: what one process wrote, the other sees, and a one-time thing used on
 * one is refused on the other, with the code and reason that process logged.
 */
import { decodeJwt } from 'jose'
import { generate } from 'otplib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateCertifiedKeyPair } from './keys/self-signed-certificate.js'
import { ALICE, authorizeUrl, signInWithPassword } from './testing/bridge-fixture.js'
import { codeFor, exchangeForm, redeemAt } from './testing/integration-fixture.js'
import { findPostgresTestDatabase, type TestSchema } from './testing/postgres-test-database.js'
import {
  BANK_CALLBACK,
  BOB,
  CAROL,
  DAVE,
  sharedStateConfig,
  sharedStateEnv,
} from './testing/shared-state-config.js'
import { readForm, type TestBrowser } from './testing/test-browser.js'
import { startTwoBridges, type Side, type TwoBridges } from './testing/two-bridges.js'

const postgres = await findPostgresTestDatabase()

/** /authorize and the login form, on the processes named; returns the form's fields. */
async function openLoginForm(two: TwoBridges, browser: TestBrowser, formOn: Side, app = 'shop') {
  const start = await browser.get(authorizeUrl({ app }))
  expect(start.status).toBe(302)
  const page = await two.switchTo(formOn, browser).get(start.headers.get('Location')!)
  expect(page.status).toBe(200)
  return readForm(await page.text()).fields
}

const signIn = (fields: Record<string, string>, credentials = ALICE) => ({
  ...fields,
  ...credentials,
  action: 'sign-in',
})

/** The second-factor page of a sign-in to bank, after the password. */
async function secondFactorPage(browser: TestBrowser, who: typeof BOB) {
  const afterPassword = await signInWithPassword(browser, { app: 'bank' }, who)
  expect(afterPassword.headers.get('Location')).toMatch(/^\/mfa\?tx=/)
  return browser.get(afterPassword.headers.get('Location')!)
}

/**
 * TOTP enrolment across both: the sign-in starts on A, B shows the secret, A takes the code, B
 * finishes. Returns the code A accepted and the recovery codes.
 */
async function enrolTotp(two: TwoBridges, who: typeof BOB) {
  const onA = two.browser(0)
  const page = await (await secondFactorPage(two.switchTo(1, onA), who)).text()
  const secret = /data-totp-secret[^>]*>([A-Z2-7]+)</.exec(page)?.[1]
  expect(secret).toBeTruthy()
  const code = await generate({ secret: secret!, epoch: Math.floor(Date.now() / 1000) })
  const codes = await (await onA.post('/mfa/enroll', { ...readForm(page).fields, code })).text()
  const recoveryCodes = [...codes.matchAll(/<li><code>([a-z2-9-]+)<\/code><\/li>/g)].map(
    (match) => match[1]!,
  )
  expect(recoveryCodes).toHaveLength(10)
  const enrolled = await two.switchTo(1, onA).post('/mfa/continue', readForm(codes).fields)
  expect(readForm(await enrolled.text()).action).toBe(BANK_CALLBACK)
  return { code, recoveryCodes }
}

describe.runIf(postgres.available)('shared state of two bridge processes on Postgres', () => {
  let schema: TestSchema
  let two: TwoBridges

  beforeAll(async () => {
    schema = await postgres.createSchema()
    two = await startTwoBridges({
      config: sharedStateConfig(generateCertifiedKeyPair('partner idp')),
      databaseUrl: schema.connectionString,
      env: sharedStateEnv,
    })
  }, 90_000)
  afterAll(async () => {
    await two?.close()
    await schema?.drop()
  })

  it('login transactions: started on one, finished on the other, and refused there after', async () => {
    const onA = two.browser(0)
    const fields = await openLoginForm(two, onA, 1)
    const done = await two.switchTo(1, onA).post('/login', signIn(fields))
    expect(done.status).toBe(200)
    expect(decodeJwt(readForm(await done.text()).fields.token!).email).toBe(ALICE.email)

    const { result, refusal } = await two.refusedBy(0, () => onA.post('/login', signIn(fields)))
    expect(result.status).toBe(400)
    expect(await result.text()).toContain('<code>login_expired</code>')
    expect(refusal).toMatchObject({ code: 'login_expired', reason: 'transaction_unknown' })

    // One form submitted to both at the same moment: one process finishes it.
    const raced = two.browser(1)
    const form = await openLoginForm(two, raced, 0)
    const answers = await Promise.all(
      ([0, 1] as const).map((side) => two.switchTo(side, raced).post('/login', signIn(form))),
    )
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 400])
  })

  it('CSRF and browser bindings: a token rotated on one is stale on the other; another browser is refused', async () => {
    const alice = two.browser(0)
    const fields = await openLoginForm(two, alice, 0)
    // Another browser, with a login cookie of its own, posts alice's form to the other process.
    const eve = two.browser(1)
    await openLoginForm(two, eve, 1)
    const stolen = await two.refusedBy(1, () => eve.post('/login', signIn(fields)))
    expect(stolen.result.status).toBe(403)
    expect(stolen.refusal).toMatchObject({
      code: 'csrf_failed',
      reason: 'transaction_other_browser',
    })

    // A wrong password on B rotates the form's CSRF token; A refuses the old one.
    const wrong = await two
      .switchTo(1, alice)
      .post('/login', signIn(fields, { ...ALICE, password: 'not the password' }))
    expect(wrong.status).toBe(401)
    const rotated = readForm(await wrong.text()).fields
    expect(rotated.csrf).not.toBe(fields.csrf)
    const stale = await two.refusedBy(0, () => alice.post('/login', signIn(fields)))
    expect(stale.result.status).toBe(403)
    expect(stale.refusal).toMatchObject({ code: 'csrf_failed', reason: 'csrf_token_mismatch' })

    const done = await alice.post('/login', signIn(rotated))
    expect(done.status).toBe(200)
    expect(readForm(await done.text()).fields.token).toBeTruthy()
  })

  it('throttling counters: password failures counted on both processes add up, and both refuse', async () => {
    const wrong = { ...CAROL, password: 'wrong password' }
    // The rule allows 5 attempts per account and address: 3 on A, 2 on B.
    for (const side of [0, 1, 0, 1, 0] as const) {
      const browser = two.browser(side)
      const failed = await browser.post(
        '/login',
        signIn(await openLoginForm(two, browser, side), wrong),
      )
      expect(failed.status).toBe(401)
    }
    for (const side of [1, 0] as const) {
      const browser = two.browser(side)
      const fields = await openLoginForm(two, browser, side)
      const { result, refusal } = await two.refusedBy(side, () =>
        browser.post('/login', signIn(fields, CAROL)),
      )
      expect(result.status).toBe(429)
      expect(await result.text()).toContain('Too many failed attempts')
      expect(refusal).toMatchObject({ msg: 'sign-in failed', reason: 'too_many_attempts' })
    }
  })

  it('authorization codes: minted on one, redeemed with PKCE on the other, refused on the first after', async () => {
    const { code, verifier } = await codeFor(two.browser(0))
    const redeemed = await redeemAt(two.fetchable(1), exchangeForm(code, verifier))
    expect(redeemed.status).toBe(200)
    const { token } = (await redeemed.json()) as { token: string }
    expect(decodeJwt(token).email).toBe(ALICE.email)

    const { result, refusal } = await two.refusedBy(0, () =>
      redeemAt(two.fetchable(0), exchangeForm(code, verifier)),
    )
    expect(result.status).toBe(400)
    expect(await result.json()).toMatchObject({ error: 'invalid_grant' })
    expect(refusal).toMatchObject({ code: 'invalid_grant', reason: 'code_unknown', path: '/token' })

    // Redeemed on both at the same moment: one process gets it.
    const raced = await codeFor(two.browser(1))
    const answers = await Promise.all(
      ([0, 1] as const).map((side) =>
        redeemAt(two.fetchable(side), exchangeForm(raced.code, raced.verifier)),
      ),
    )
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 400])
    const lost = answers.find((answer) => answer.status === 400)!
    expect(await lost.json()).toMatchObject({ error: 'invalid_grant' })
  })

  it('TOTP steps: a code accepted on one process is refused on the other', async () => {
    const { code, recoveryCodes } = await enrolTotp(two, BOB)
    // The next sign-in, on B, with the code A accepted: refused, though it is still current.
    const onB = two.browser(1)
    const fields = readForm(await (await secondFactorPage(onB, BOB)).text()).fields
    const { result, refusal } = await two.refusedBy(1, () => onB.post('/mfa', { ...fields, code }))
    expect(result.status).toBe(401)
    const refusedPage = await result.text()
    expect(refusedPage).toContain('That code is not right.')
    expect(refusal).toMatchObject({ msg: 'second factor refused', reason: 'invalid_credentials' })
    // B reads the factors A saved: a recovery code from A's enrolment finishes the sign-in there.
    const recovered = await onB.post('/mfa', {
      ...readForm(refusedPage).fields,
      recovery_code: recoveryCodes[0]!,
    })
    expect(recovered.status).toBe(200)
    expect(await recovered.text()).toContain('Recovery code accepted')

    // One recovery code in two sign-ins, on A and B at the same moment: it works once.
    const pages = await Promise.all(
      ([0, 1] as const).map(async (side) => {
        const browser = two.browser(side)
        return { browser, page: await secondFactorPage(browser, BOB) }
      }),
    )
    const answers = await Promise.all(
      pages.map(async ({ browser, page }) =>
        browser.post('/mfa', {
          ...readForm(await page.text()).fields,
          recovery_code: recoveryCodes[1]!,
        }),
      ),
    )
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 401])
  })

  it("throttling counters: the second factor's attempts add up across processes", async () => {
    const { code, recoveryCodes } = await enrolTotp(two, DAVE)
    // 5 wrong codes, on A and B in turn, use them all; then even a right recovery code is
    // refused, without being checked.
    const wrong = code.replace(/.$/, (digit) => String((Number(digit) + 1) % 10))
    const browser = two.browser(0)
    let page = await secondFactorPage(browser, DAVE)
    for (const side of [1, 0, 1, 0, 1] as const) {
      const fields = readForm(await page.text()).fields
      page = await two.switchTo(side, browser).post('/mfa', { ...fields, code: wrong })
      expect(page.status).toBe(401)
    }
    const throttled = await browser.post('/mfa', {
      ...readForm(await page.text()).fields,
      recovery_code: recoveryCodes[0]!,
    })
    expect(throttled.status).toBe(429)
    expect(await throttled.text()).toContain('Too many failed attempts.')
  })
})
