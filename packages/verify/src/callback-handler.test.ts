import { describe, expect, it } from 'vitest'
import { createCallbackHandler, type CallbackInput } from './callback-handler.js'
import {
  AUDIENCE,
  CALLBACK_URL,
  claims,
  codeOf,
  ISSUER,
  SECRET,
  signHs256,
  STATE,
} from './test-support.js'
import { VerifyError } from './verify-error.js'

const handle = createCallbackHandler({ issuer: ISSUER, audience: AUDIENCE, secret: SECRET })
const cookieHeader = `theme=dark; ssobridge_state_${AUDIENCE}=${STATE}; other=1`

async function input(
  fields: Record<string, string> = {},
  overrides: Partial<CallbackInput> = {},
): Promise<CallbackInput> {
  const token = await signHs256(claims())
  return {
    form: new URLSearchParams({ token, state: STATE, ...fields }),
    cookieHeader,
    callbackUrl: CALLBACK_URL,
    ...overrides,
  }
}

describe('createCallbackHandler', () => {
  it('verifies the callback and returns claims, returnTo and the cookie deletion', async () => {
    const result = await handle(await input({ return_to: '/account' }))
    expect(result.claims).toMatchObject({ sub: 'user-123', nonce: STATE })
    expect(result.returnTo).toBe('https://shop.example/account')
    expect(result.clearStateCookie).toMatch(new RegExp(`^ssobridge_state_${AUDIENCE}=;`))
    expect(result.clearStateCookie).toContain('Path=/')
    expect(result.clearStateCookie).toContain('Max-Age=0')
    expect(result.clearStateCookie).toContain('SameSite=None')
    expect(result.clearStateCookie).toContain('Secure')
  })

  it('accepts a plain object form, as body parsers produce it', async () => {
    const token = await signHs256(claims())
    const result = await handle({
      form: { token, state: STATE, return_to: undefined },
      cookieHeader,
      callbackUrl: new URL(CALLBACK_URL),
    })
    expect(result.returnTo).toBe('https://shop.example/')
  })

  it('uses a custom state cookie name', async () => {
    const custom = createCallbackHandler({
      issuer: ISSUER,
      audience: AUDIENCE,
      secret: SECRET,
      stateCookieName: 'my_state',
    })
    const result = await custom(await input({}, { cookieHeader: `my_state=${STATE}` }))
    expect(result.clearStateCookie).toMatch(/^my_state=;/)
    expect(await codeOf(custom(await input()))).toBe('state_missing')
  })

  it('reads a quoted cookie value', async () => {
    const quoted = `ssobridge_state_${AUDIENCE}="${STATE}"`
    const result = await handle(await input({}, { cookieHeader: quoted }))
    // The quotes are not part of the state: the token's nonce matched the bare value.
    expect(result.claims.nonce).toBe(STATE)
    expect(result.clearStateCookie).toMatch(new RegExp(`^ssobridge_state_${AUDIENCE}=;`))
  })

  describe('returnTo', () => {
    const cases: [string, string][] = [
      ['/orders/7?x=1', 'https://shop.example/orders/7?x=1'],
      ['https://shop.example/cart', 'https://shop.example/cart'],
      ['https://evil.example/steal', 'https://shop.example/'],
      ['//evil.example', 'https://shop.example/'],
      ['/\\evil.example', 'https://shop.example/'],
      ['javascript:alert(1)', 'https://shop.example/'],
    ]
    for (const [returnTo, expected] of cases) {
      it(`${returnTo} → ${expected}`, async () => {
        const result = await handle(await input({ return_to: returnTo }))
        expect(result.returnTo).toBe(expected)
      })
    }
  })

  describe('state', () => {
    it('refuses a missing state cookie', async () => {
      expect(await codeOf(handle(await input({}, { cookieHeader: 'theme=dark' })))).toBe(
        'state_missing',
      )
      expect(await codeOf(handle(await input({}, { cookieHeader: null })))).toBe('state_missing')
      expect(await codeOf(handle(await input({}, { cookieHeader: undefined })))).toBe(
        'state_missing',
      )
    })

    it('refuses an empty state cookie', async () => {
      const empty = `ssobridge_state_${AUDIENCE}=`
      expect(await codeOf(handle(await input({}, { cookieHeader: empty })))).toBe('state_missing')
    })

    it('refuses a form without state', async () => {
      const token = await signHs256(claims())
      const form = new URLSearchParams({ token })
      expect(await codeOf(handle({ form, cookieHeader, callbackUrl: CALLBACK_URL }))).toBe(
        'state_missing',
      )
    })

    it('refuses a form state that differs from the cookie', async () => {
      expect(await codeOf(handle(await input({ state: 'attacker-state' })))).toBe('state_mismatch')
    })

    it('refuses a cookie for another app', async () => {
      const other = `ssobridge_state_forum=${STATE}`
      expect(await codeOf(handle(await input({}, { cookieHeader: other })))).toBe('state_missing')
    })

    it('refuses two different state cookies (one planted from a sibling domain)', async () => {
      const planted = `ssobridge_state_${AUDIENCE}=planted; ${cookieHeader}`
      expect(await codeOf(handle(await input({}, { cookieHeader: planted })))).toBe(
        'state_mismatch',
      )
    })

    it('refuses a token minted for another state, even when cookie and form agree', async () => {
      const token = await signHs256(claims({ nonce: 'the-attackers-state' }))
      const form = new URLSearchParams({ token, state: STATE })
      expect(await codeOf(handle({ form, cookieHeader, callbackUrl: CALLBACK_URL }))).toBe(
        'nonce_mismatch',
      )
    })
  })

  describe('bridge errors', () => {
    it('turns error=access_denied into bridge_error with its fields', async () => {
      const form = new URLSearchParams({
        error: 'access_denied',
        error_description: 'The user cancelled the sign-in.',
        state: STATE,
      })
      const error = await handle({ form, cookieHeader, callbackUrl: CALLBACK_URL }).catch((e) => e)
      expect(error).toBeInstanceOf(VerifyError)
      expect(error.code).toBe('bridge_error')
      expect(error.error).toBe('access_denied')
      expect(error.errorDescription).toBe('The user cancelled the sign-in.')
    })

    it('carries return_to with a bridge error, on the callback origin only', async () => {
      const quiet = new URLSearchParams({
        error: 'login_required',
        state: STATE,
        return_to: 'https://shop.example/community?page=2',
      })
      const error = await handle({ form: quiet, cookieHeader, callbackUrl: CALLBACK_URL }).catch(
        (e) => e,
      )
      expect(error.returnTo).toBe('https://shop.example/community?page=2')
      const away = new URLSearchParams({
        error: 'login_required',
        state: STATE,
        return_to: 'https://evil.example/',
      })
      const refused = await handle({ form: away, cookieHeader, callbackUrl: CALLBACK_URL }).catch(
        (e) => e,
      )
      expect(refused.returnTo).toBe('https://shop.example/')
    })

    it('checks the state of an error response too', async () => {
      const form = new URLSearchParams({ error: 'access_denied', state: 'forged' })
      expect(await codeOf(handle({ form, cookieHeader, callbackUrl: CALLBACK_URL }))).toBe(
        'state_mismatch',
      )
    })

    it('reduces odd error codes and descriptions to safe values', async () => {
      const form = new URLSearchParams({
        error: '<script>alert(1)</script>',
        error_description: `line\r\nbreak\u0000${'x'.repeat(1000)}`,
        state: STATE,
      })
      const error = await handle({ form, cookieHeader, callbackUrl: CALLBACK_URL }).catch((e) => e)
      expect(error.code).toBe('bridge_error')
      expect(error.error).toBe('server_error')
      expect(error.errorDescription).toMatch(/^linebreakx+$/)
      expect(error.errorDescription).toHaveLength(512)
    })
  })

  describe('form', () => {
    it('refuses a form without token', async () => {
      const form = new URLSearchParams({ state: STATE })
      expect(await codeOf(handle({ form, cookieHeader, callbackUrl: CALLBACK_URL }))).toBe(
        'token_missing',
      )
    })

    it('refuses repeated fields', async () => {
      const token = await signHs256(claims())
      const form = new URLSearchParams([
        ['token', token],
        ['token', token],
        ['state', STATE],
      ])
      expect(await codeOf(handle({ form, cookieHeader, callbackUrl: CALLBACK_URL }))).toBe(
        'token_malformed',
      )
      const parsed = { token: [token, token], state: STATE } as unknown as Record<string, string>
      expect(await codeOf(handle({ form: parsed, cookieHeader, callbackUrl: CALLBACK_URL }))).toBe(
        'token_malformed',
      )
    })

    it('refuses a replayed callback', async () => {
      const replay = await input()
      await handle(replay)
      expect(await codeOf(handle(replay))).toBe('token_replayed')
    })

    it('refuses a bad callbackUrl as a configuration error', async () => {
      expect(await codeOf(handle(await input({}, { callbackUrl: '/sso/callback' })))).toBe(
        'invalid_options',
      )
    })
  })
})
