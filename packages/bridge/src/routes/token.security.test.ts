import { beforeEach, describe, expect, it } from 'vitest'
import { ISSUER, memoryStorage } from '../testing/bridge-fixture.js'
import { captureLogs, type CapturedLogs } from '../testing/log-capture.js'
import {
  codeFor,
  createIntegrationBridge,
  NOTES_PAGE,
  pkcePair,
  STATIC_ORIGIN,
  exchangeForm,
  redeemAt,
} from '../testing/integration-fixture.js'

let bridge: Awaited<ReturnType<typeof createIntegrationBridge>>
let logs: CapturedLogs
beforeEach(async () => {
  logs = captureLogs()
  bridge = await createIntegrationBridge({ logger: logs.logger })
})

const ORIGIN = STATIC_ORIGIN
const redeem = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
  redeemAt(bridge.app, fields, headers)
const exchange = exchangeForm

/** The reasons the error handler logged for the requests `send` made (one line per refusal). */
async function loggedReasons<T>(send: () => T | Promise<T>) {
  logs.clear()
  const result = await send()
  const refusals = logs.lines.filter((line) => line.code !== undefined)
  return { result, reasons: refusals.map((l) => l.reason), messages: refusals.map((l) => l.msg) }
}

/**
 * A refused /token request: its status, the OAuth `error` the page reads, and the reason the
 * log gives (one `invalid_grant` description for all, so only the log tells them apart).
 */
async function refusalOf(send: () => Response | Promise<Response>) {
  const { result, reasons } = await loggedReasons(send)
  const body = (await result.json()) as { error?: string }
  return { status: result.status, error: body.error, reasons }
}

/** An invalid_grant, and which one. */
const grant = (reason: string) => ({ status: 400, error: 'invalid_grant', reasons: [reason] })

/** A refusal of /authorize on the bridge's error page (never a redirect to the app). */
const page = (reason: string, message: string) => ({
  status: 400,
  shownCode: 'invalid_request',
  reasons: [reason],
  messages: [message],
  location: null,
})

const refusedRedeem = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
  refusalOf(() => redeem(fields, headers))

/** A refused page: its status, the code and sentence it shows, and the logged reason and message. */
async function pageRefusalOf(send: () => Response | Promise<Response>) {
  const { result, messages, reasons } = await loggedReasons(send)
  const html = await result.text()
  const [, shownCode] = /Error <code>([^<]*)<\/code>/.exec(html) ?? []
  const [, description] = /<h1>Sign-in problem<\/h1><p>([^<]*)<\/p>/.exec(html) ?? []
  return {
    status: result.status,
    shownCode,
    description,
    messages,
    reasons,
    location: result.headers.get('Location'),
  }
}

describe('code delivery refuses', () => {
  it('a missing code_challenge, and any method but S256, on the bridge error page', async () => {
    const browser = bridge.browser()
    const { challenge } = pkcePair()
    const missing = await pageRefusalOf(() => browser.get('/authorize?app=static&state=s'))
    expect(missing).toMatchObject(page('parameter_missing', 'missing code_challenge'))
    expect(missing.description).toContain('code_challenge')
    for (const method of ['plain', '']) {
      const query = new URLSearchParams({
        app: 'static',
        state: 's',
        code_challenge: challenge,
        code_challenge_method: method,
      })
      const refused = await pageRefusalOf(() => browser.get(`/authorize?${query}`))
      expect(refused, `method ${JSON.stringify(method)}`).toMatchObject(
        page('pkce_method_unsupported', 'code_challenge_method is not S256'),
      )
    }
    const malformed = await pageRefusalOf(() =>
      browser.get(`/authorize?app=static&state=s&code_challenge=short&code_challenge_method=S256`),
    )
    expect(malformed).toMatchObject(page('parameter_invalid', 'malformed code_challenge'))
  })

  it('nothing weaker when the method is left out: it means S256, so a plain verifier fails', async () => {
    const s256 = await codeFor(bridge.browser(), { method: null })
    expect((await redeem(exchange(s256.code, s256.verifier))).status).toBe(200)
    // A client that meant RFC 7636's default "plain" sends its verifier as the challenge.
    const verifier = 'v'.repeat(43)
    const plain = await codeFor(bridge.browser(), { method: null, challenge: verifier })
    expect(await refusedRedeem(exchange(plain.code, verifier))).toEqual(
      grant('code_verifier_mismatch'),
    )
  })

  it('a missing state for code and form_post apps', async () => {
    const { challenge } = pkcePair()
    const code = await pageRefusalOf(() =>
      bridge
        .browser()
        .get(`/authorize?app=static&code_challenge=${challenge}&code_challenge_method=S256`),
    )
    expect(code).toMatchObject(page('parameter_missing', 'missing state'))
    const form = await pageRefusalOf(() => bridge.browser().get('/authorize?app=shop'))
    expect(form).toMatchObject(page('parameter_missing', 'missing state'))
  })
})

describe('the token endpoint refuses', () => {
  it('a code presented twice, the second time with nothing to show for it', async () => {
    const { code, verifier } = await codeFor(bridge.browser())
    expect((await redeem(exchange(code, verifier))).status).toBe(200)
    const { result: again, reasons } = await loggedReasons(() => redeem(exchange(code, verifier)))
    expect(again.status).toBe(400)
    expect(await again.json()).toEqual({
      error: 'invalid_grant',
      error_description: expect.any(String),
    })
    expect(reasons).toEqual(['code_unknown'])
  })

  it('two concurrent redemptions: exactly one wins', async () => {
    const { code, verifier } = await codeFor(bridge.browser())
    const { result: results, reasons } = await loggedReasons(() =>
      Promise.all(Array.from({ length: 5 }, () => redeem(exchange(code, verifier)))),
    )
    expect(results.map((r) => r.status).sort()).toEqual([200, 400, 400, 400, 400])
    const errors = await Promise.all(
      results.filter((r) => r.status === 400).map(async (r) => (await r.json()).error),
    )
    expect(errors).toEqual(Array(4).fill('invalid_grant'))
    // The losers found the code already spent, not some other fault.
    expect(reasons).toEqual(Array(4).fill('code_unknown'))
  })

  it('a wrong verifier, and the code is spent by the attempt', async () => {
    const { code, verifier } = await codeFor(bridge.browser())
    expect(await refusedRedeem(exchange(code, pkcePair().verifier))).toEqual(
      grant('code_verifier_mismatch'),
    )
    expect(await refusedRedeem(exchange(code, verifier))).toEqual(grant('code_unknown'))
  })

  it('a missing verifier (PKCE downgrade)', async () => {
    const { code, verifier } = await codeFor(bridge.browser())
    const { code_verifier: _, ...withoutVerifier } = exchange(code, verifier)
    expect(await refusedRedeem(withoutVerifier)).toEqual({
      status: 400,
      error: 'invalid_request',
      reasons: ['code_verifier_missing'],
    })
    expect(await refusedRedeem(exchange(code, verifier))).toEqual(grant('code_unknown'))
  })

  it('a code of another app', async () => {
    const { code, verifier } = await codeFor(bridge.browser(), { app: 'notes' })
    expect(await refusedRedeem(exchange(code, verifier))).toEqual(grant('code_of_another_app'))
  })

  it('another redirect_uri than the code was issued for', async () => {
    const { code, verifier } = await codeFor(bridge.browser())
    expect(await refusedRedeem(exchange(code, verifier, { redirect_uri: NOTES_PAGE }))).toEqual(
      grant('redirect_uri_mismatch'),
    )
  })

  it('an expired code', async () => {
    let now = Date.now()
    const storage = await memoryStorage(() => now)
    bridge = await createIntegrationBridge({ storage, logger: logs.logger })
    const { code, verifier } = await codeFor(bridge.browser())
    now += 61_000
    expect(await refusedRedeem(exchange(code, verifier))).toEqual(grant('code_unknown'))
  })

  it('a foreign origin, without CORS headers and without spending the code', async () => {
    const { code, verifier } = await codeFor(bridge.browser())
    for (const origin of ['https://evil.example', 'http://127.0.0.1:4006', 'null']) {
      let cors: string | null = 'not read'
      const refused = await refusalOf(async () => {
        const response = await redeem(exchange(code, verifier), { Origin: origin })
        cors = response.headers.get('Access-Control-Allow-Origin')
        return response
      })
      expect(refused, origin).toEqual({
        status: 403,
        error: 'invalid_client',
        reasons: ['origin_not_registered'],
      })
      expect(cors).toBeNull()
    }
    expect((await redeem(exchange(code, verifier))).status).toBe(200)
  })

  it('an app without code delivery, an unknown app, another grant type, bad input', async () => {
    const { code, verifier } = await codeFor(bridge.browser())
    const client = { status: 401, error: 'invalid_client', reasons: ['not_a_code_app'] }
    expect(await refusedRedeem(exchange(code, verifier, { client_id: 'shop' }))).toEqual(client)
    expect(await refusedRedeem(exchange(code, verifier, { client_id: 'ghost' }))).toEqual(client)
    expect(await refusedRedeem(exchange(code, verifier, { grant_type: 'password' }))).toEqual({
      status: 400,
      error: 'unsupported_grant_type',
      reasons: ['grant_type_unsupported'],
    })
    const json = await refusalOf(() =>
      bridge.app.request(`${ISSUER}/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Origin: ORIGIN },
        body: JSON.stringify(exchange(code, verifier)),
      }),
    )
    expect(json).toEqual({ status: 400, error: 'invalid_request', reasons: ['not_a_form'] })
    const repeated = await refusalOf(() =>
      bridge.app.request(`${ISSUER}/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: ORIGIN },
        body: `${new URLSearchParams(exchange(code, verifier))}&code=other`,
      }),
    )
    expect(repeated).toEqual({
      status: 400,
      error: 'invalid_request',
      reasons: ['parameter_repeated'],
    })
    expect(await refusedRedeem(exchange(code, 'x'.repeat(20_000)))).toEqual({
      status: 413,
      error: 'invalid_request',
      reasons: ['body_too_large'],
    })
    // None of the above spent the code.
    expect((await redeem(exchange(code, verifier))).status).toBe(200)
  })

  it('a code whose user was disabled in the meantime', async () => {
    const { code, verifier } = await codeFor(bridge.browser())
    const users = await bridge.storage.list('user')
    const alice = users[0]!.value
    await bridge.storage.set('user', alice.id, { ...alice, disabled: true })
    expect(await refusedRedeem(exchange(code, verifier))).toEqual(grant('user_unavailable'))
  })
})
