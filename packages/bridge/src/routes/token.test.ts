import { createLocalJWKSet, jwtVerify } from 'jose'
import { beforeEach, describe, expect, it } from 'vitest'
import { createLogger } from '../logger.js'
import { ALICE, ISSUER, signInWithPassword } from '../testing/bridge-fixture.js'
import {
  codeFor,
  createIntegrationBridge,
  destination,
  NOTES_PAGE,
  pkcePair,
  STATIC_PAGE,
  STATIC_ORIGIN,
  exchangeForm,
  redeemAt,
} from '../testing/integration-fixture.js'

let bridge: Awaited<ReturnType<typeof createIntegrationBridge>>
beforeEach(async () => {
  bridge = await createIntegrationBridge()
})

const ORIGIN = STATIC_ORIGIN
const redeem = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
  redeemAt(bridge.app, fields, headers)
const exchange = exchangeForm

describe('code delivery', () => {
  it('redirects back with a one-time code and the state, never a token in the URL', async () => {
    const { url, code } = await codeFor(bridge.browser())
    expect(url.origin + url.pathname).toBe(STATIC_PAGE)
    expect([...url.searchParams.keys()].sort()).toEqual(['code', 'state'])
    expect(url.searchParams.get('state')).toBe('state-code')
    expect(code).toMatch(/^[A-Za-z0-9_-]{43}$/)
  })

  it('redirects at once when the bridge session is reused', async () => {
    const browser = bridge.browser()
    await signInWithPassword(browser)
    const { challenge } = pkcePair()
    const response = await browser.get(
      `/authorize?${new URLSearchParams({ app: 'static', state: 's', code_challenge: challenge, code_challenge_method: 'S256' })}`,
    )
    expect(response.status).toBe(302)
    expect(response.headers.get('Referrer-Policy')).toBe('no-referrer')
    expect((await destination(response)).searchParams.get('code')).toBeTruthy()
  })

  it('exchanges the code for the app token and the profile, readable by the app origin only', async () => {
    const { code, verifier } = await codeFor(bridge.browser())
    const response = await redeem(exchange(code, verifier))
    expect(response.status).toBe(200)
    expect(response.headers.get('Access-Control-Allow-Origin')).toBe(ORIGIN)
    expect(response.headers.get('Vary')).toBe('Origin')
    expect(response.headers.get('Cache-Control')).toBe('no-store')
    expect(response.headers.get('Access-Control-Allow-Credentials')).toBeNull()
    const body = await response.json()
    expect(body.profile).toEqual({
      sub: expect.any(String),
      email: ALICE.email,
      name: 'Alice Example',
      sid: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/),
    })
    expect(body.expires_in).toBe(120)
    const jwks = createLocalJWKSet(
      await (await bridge.app.request('/.well-known/jwks.json')).json(),
    )
    const { payload } = await jwtVerify(body.token, jwks, {
      issuer: ISSUER,
      audience: 'static',
      algorithms: ['ES256'],
    })
    expect(payload).toMatchObject({
      nonce: 'state-code',
      email: ALICE.email,
      sub: body.profile.sub,
      sid: body.profile.sid,
    })
  })

  it('answers a preflight from a registered origin, and not from another', async () => {
    const preflight = (origin: string) =>
      bridge.app.request(`${ISSUER}/token`, {
        method: 'OPTIONS',
        headers: { Origin: origin, 'Access-Control-Request-Method': 'POST' },
      })
    const ok = await preflight(ORIGIN)
    expect(ok.status).toBe(204)
    expect(ok.headers.get('Access-Control-Allow-Origin')).toBe(ORIGIN)
    expect(ok.headers.get('Access-Control-Allow-Methods')).toBe('POST')
    const foreign = await preflight('https://evil.example')
    expect(foreign.headers.get('Access-Control-Allow-Origin')).toBeNull()
    // A form_post app's origin gets nothing either: only code apps redeem codes.
    const shop = await preflight('http://127.0.0.1:4001')
    expect(shop.headers.get('Access-Control-Allow-Origin')).toBeNull()
  })

  it('takes authorization_code as the default grant type', async () => {
    const { code, verifier } = await codeFor(bridge.browser())
    const { grant_type: _, ...fields } = exchange(code, verifier)
    expect((await redeem(fields)).status).toBe(200)
  })

  it('works for a server without an Origin header (PKCE still required)', async () => {
    const { code, verifier } = await codeFor(bridge.browser())
    const response = await redeem(exchange(code, verifier), { Origin: '' })
    expect(response.status).toBe(200)
    expect(response.headers.get('Access-Control-Allow-Origin')).toBeNull()
  })

  it('tracks nothing in the URL of a second page: the redirect carries the code only', async () => {
    const browser = bridge.browser()
    const first = await codeFor(browser)
    const second = await codeFor(browser, { app: 'notes', signedIn: true })
    expect(second.url.origin + second.url.pathname).toBe(NOTES_PAGE)
    expect(second.code).not.toBe(first.code)
  })
})

describe('token refusals', () => {
  it('answer one invalid_grant for every bad redemption, and log which refusal each was', async () => {
    const logs: { code?: string; reason?: string }[] = []
    bridge = await createIntegrationBridge({
      logger: createLogger('debug', (line) => logs.push(JSON.parse(line) as (typeof logs)[0])),
    })
    const refusalOf = async (response: Response) => {
      const reasons = logs.splice(0).filter((line) => line.reason !== undefined)
      return { status: response.status, body: await response.json(), reasons }
    }
    const grantRefused = (reason: string) => ({
      status: 400,
      body: {
        error: 'invalid_grant',
        error_description:
          'The code is invalid, expired, already used, or was issued to another client.',
      },
      reasons: [expect.objectContaining({ code: 'invalid_grant', reason })],
    })

    const used = await codeFor(bridge.browser())
    expect((await redeem(exchange(used.code, used.verifier))).status).toBe(200)
    logs.length = 0
    expect(await refusalOf(await redeem(exchange(used.code, used.verifier)))).toEqual(
      grantRefused('code_unknown'),
    )

    const wrongVerifier = await codeFor(bridge.browser())
    expect(await refusalOf(await redeem(exchange(wrongVerifier.code, 'x'.repeat(43))))).toEqual(
      grantRefused('code_verifier_mismatch'),
    )

    const elsewhere = await codeFor(bridge.browser())
    const moved = exchange(elsewhere.code, elsewhere.verifier, {
      redirect_uri: `${STATIC_PAGE}other`,
    })
    expect(await refusalOf(await redeem(moved))).toEqual(grantRefused('redirect_uri_mismatch'))

    const noVerifier = await codeFor(bridge.browser())
    const { code_verifier: _, ...withoutVerifier } = exchange(noVerifier.code, noVerifier.verifier)
    expect(await refusalOf(await redeem(withoutVerifier))).toEqual({
      status: 400,
      body: {
        error: 'invalid_request',
        error_description: 'The parameter "code_verifier" is missing.',
      },
      reasons: [expect.objectContaining({ reason: 'code_verifier_missing' })],
    })

    const foreign = await codeFor(bridge.browser())
    const fromElsewhere = await redeem(exchange(foreign.code, foreign.verifier), {
      Origin: 'https://evil.test',
    })
    expect(await refusalOf(fromElsewhere)).toMatchObject({
      status: 403,
      body: { error: 'invalid_client' },
      reasons: [expect.objectContaining({ reason: 'origin_not_registered' })],
    })
    // Refused before the code was touched: its own page can still redeem it.
    expect((await redeem(exchange(foreign.code, foreign.verifier))).status).toBe(200)
  })
})
