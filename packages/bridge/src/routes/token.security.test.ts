import { beforeEach, describe, expect, it } from 'vitest'
import { ISSUER, memoryStorage } from '../testing/bridge-fixture.js'
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
beforeEach(async () => {
  bridge = await createIntegrationBridge()
})

const ORIGIN = STATIC_ORIGIN
const redeem = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
  redeemAt(bridge.app, fields, headers)
const exchange = exchangeForm

describe('code delivery refuses', () => {
  it('a missing code_challenge, and any method but S256, on the bridge error page', async () => {
    const browser = bridge.browser()
    const { challenge } = pkcePair()
    const missing = await browser.get('/authorize?app=static&state=s')
    expect(missing.status).toBe(400)
    expect(await missing.text()).toContain('code_challenge')
    for (const method of ['plain', '']) {
      const response = await browser.get(
        `/authorize?${new URLSearchParams({ app: 'static', state: 's', code_challenge: challenge, code_challenge_method: method })}`,
      )
      expect(response.status).toBe(400)
      expect(response.headers.get('Location')).toBeNull()
    }
    const malformed = await browser.get(
      `/authorize?app=static&state=s&code_challenge=short&code_challenge_method=S256`,
    )
    expect(malformed.status).toBe(400)
  })

  it('nothing weaker when the method is left out: it means S256, so a plain verifier fails', async () => {
    const s256 = await codeFor(bridge.browser(), { method: null })
    expect((await redeem(exchange(s256.code, s256.verifier))).status).toBe(200)
    // A client that meant RFC 7636's default "plain" sends its verifier as the challenge.
    const verifier = 'v'.repeat(43)
    const plain = await codeFor(bridge.browser(), { method: null, challenge: verifier })
    const refused = await redeem(exchange(plain.code, verifier))
    expect(refused.status).toBe(400)
    expect(await refused.json()).toMatchObject({ error: 'invalid_grant' })
  })

  it('a missing state for code and form_post apps', async () => {
    const { challenge } = pkcePair()
    const code = await bridge
      .browser()
      .get(`/authorize?app=static&code_challenge=${challenge}&code_challenge_method=S256`)
    expect(code.status).toBe(400)
    const form = await bridge.browser().get('/authorize?app=shop')
    expect(form.status).toBe(400)
  })
})

describe('the token endpoint refuses', () => {
  it('a code presented twice, the second time with nothing to show for it', async () => {
    const { code, verifier } = await codeFor(bridge.browser())
    expect((await redeem(exchange(code, verifier))).status).toBe(200)
    const again = await redeem(exchange(code, verifier))
    expect(again.status).toBe(400)
    expect(await again.json()).toEqual({
      error: 'invalid_grant',
      error_description: expect.any(String),
    })
  })

  it('two concurrent redemptions: exactly one wins', async () => {
    const { code, verifier } = await codeFor(bridge.browser())
    const results = await Promise.all(
      Array.from({ length: 5 }, () => redeem(exchange(code, verifier))),
    )
    expect(results.map((r) => r.status).sort()).toEqual([200, 400, 400, 400, 400])
  })

  it('a wrong verifier, and the code is spent by the attempt', async () => {
    const { code, verifier } = await codeFor(bridge.browser())
    const wrong = await redeem(exchange(code, pkcePair().verifier))
    expect(wrong.status).toBe(400)
    expect((await wrong.json()).error).toBe('invalid_grant')
    expect((await redeem(exchange(code, verifier))).status).toBe(400)
  })

  it('a missing verifier (PKCE downgrade)', async () => {
    const { code, verifier } = await codeFor(bridge.browser())
    const { code_verifier: _, ...withoutVerifier } = exchange(code, verifier)
    const response = await redeem(withoutVerifier)
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({ error: 'invalid_request' })
    expect((await redeem(exchange(code, verifier))).status).toBe(400)
  })

  it('a code of another app', async () => {
    const { code, verifier } = await codeFor(bridge.browser(), { app: 'notes' })
    const response = await redeem(exchange(code, verifier))
    expect(response.status).toBe(400)
    expect((await response.json()).error).toBe('invalid_grant')
  })

  it('another redirect_uri than the code was issued for', async () => {
    const { code, verifier } = await codeFor(bridge.browser())
    const response = await redeem(exchange(code, verifier, { redirect_uri: NOTES_PAGE }))
    expect((await response.json()).error).toBe('invalid_grant')
  })

  it('an expired code', async () => {
    let now = Date.now()
    const storage = await memoryStorage(() => now)
    bridge = await createIntegrationBridge({ storage })
    const { code, verifier } = await codeFor(bridge.browser())
    now += 61_000
    const response = await redeem(exchange(code, verifier))
    expect((await response.json()).error).toBe('invalid_grant')
  })

  it('a foreign origin, without CORS headers and without spending the code', async () => {
    const { code, verifier } = await codeFor(bridge.browser())
    for (const origin of ['https://evil.example', 'http://127.0.0.1:4006', 'null']) {
      const response = await redeem(exchange(code, verifier), { Origin: origin })
      expect(response.status).toBe(403)
      expect(response.headers.get('Access-Control-Allow-Origin')).toBeNull()
      expect((await response.json()).error).toBe('invalid_client')
    }
    expect((await redeem(exchange(code, verifier))).status).toBe(200)
  })

  it('an app without code delivery, an unknown app, another grant type, bad input', async () => {
    const { code, verifier } = await codeFor(bridge.browser())
    expect(
      (await (await redeem(exchange(code, verifier, { client_id: 'shop' }))).json()).error,
    ).toBe('invalid_client')
    expect(
      (await (await redeem(exchange(code, verifier, { client_id: 'ghost' }))).json()).error,
    ).toBe('invalid_client')
    const grant = await redeem(exchange(code, verifier, { grant_type: 'password' }))
    expect((await grant.json()).error).toBe('unsupported_grant_type')
    const json = await bridge.app.request(`${ISSUER}/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: ORIGIN },
      body: JSON.stringify(exchange(code, verifier)),
    })
    expect(json.status).toBe(400)
    expect(await json.json()).toMatchObject({ error: 'invalid_request' })
    const repeated = await bridge.app.request(`${ISSUER}/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: ORIGIN },
      body: `${new URLSearchParams(exchange(code, verifier))}&code=other`,
    })
    expect((await repeated.json()).error).toBe('invalid_request')
    const huge = await redeem(exchange(code, 'x'.repeat(20_000)))
    expect(huge.status).toBe(413)
    expect((await huge.json()).error).toBe('invalid_request')
    // None of the above spent the code.
    expect((await redeem(exchange(code, verifier))).status).toBe(200)
  })

  it('a code whose user was disabled in the meantime', async () => {
    const { code, verifier } = await codeFor(bridge.browser())
    const users = await bridge.storage.list<{ id: string; disabled: boolean }>('user')
    const alice = users[0]!.value
    await bridge.storage.set('user', alice.id, { ...alice, disabled: true } as never)
    expect((await (await redeem(exchange(code, verifier))).json()).error).toBe('invalid_grant')
  })
})
