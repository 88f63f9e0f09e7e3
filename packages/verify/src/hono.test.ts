import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { ssoCallback } from './hono.js'
import { AUDIENCE, claims, ISSUER, SECRET, signHs256, STATE } from './test-support.js'
import type { VerifyError } from './verify-error.js'

const options = { issuer: ISSUER, audience: AUDIENCE, secret: SECRET }
const cookie = `ssobridge_state_${AUDIENCE}=${STATE}`
const formType = 'application/x-www-form-urlencoded'

function app(
  handlers: Partial<Parameters<typeof ssoCallback>[1]> = {},
  extra: { callbackUrl?: string } = {},
) {
  const hono = new Hono<{ Variables: { user: string } }>()
  hono.all(
    '/sso/callback',
    ssoCallback(
      { ...options, ...extra },
      {
        onSuccess: (c, { claims, returnTo }) => {
          c.header('Set-Cookie', `session=${claims.sub}; HttpOnly`, { append: true })
          return c.redirect(returnTo, 303)
        },
        ...handlers,
      },
    ),
  )
  return hono
}

async function post(body: Record<string, string>, headers: Record<string, string> = {}) {
  return {
    body: new URLSearchParams(body).toString(),
    headers: { 'content-type': formType, cookie, ...headers },
  }
}

function setCookies(res: Response): string[] {
  return res.headers.getSetCookie()
}

describe('ssoCallback (Hono)', () => {
  it('signs in, redirects to return_to and clears the state cookie', async () => {
    const token = await signHs256(claims())
    const res = await app().request('https://shop.example/sso/callback', {
      method: 'POST',
      ...(await post({ token, state: STATE, return_to: '/account' })),
    })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('https://shop.example/account')
    const cookies = setCookies(res)
    expect(cookies).toContain('session=user-123; HttpOnly')
    expect(cookies.some((c) => c.startsWith(`ssobridge_state_${AUDIENCE}=;`))).toBe(true)
  })

  it('answers 400 with the code by default, and clears the state cookie', async () => {
    const res = await app().request('https://shop.example/sso/callback', {
      method: 'POST',
      ...(await post({ token: 'garbage.token.x', state: 'other' })),
    })
    expect(res.status).toBe(400)
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/)
    expect((await res.text()).startsWith('state_mismatch:')).toBe(true)
    expect(setCookies(res).some((c) => c.startsWith(`ssobridge_state_${AUDIENCE}=;`))).toBe(true)
  })

  it('passes the VerifyError to a custom onError', async () => {
    const seen: VerifyError[] = []
    const hono = app({
      onError: (c, error) => {
        seen.push(error)
        return c.redirect('/login?failed=1', 303)
      },
    })
    const res = await hono.request('https://shop.example/sso/callback', {
      method: 'POST',
      ...(await post({ error: 'access_denied', state: STATE })),
    })
    expect(res.status).toBe(303)
    expect(seen.map((e) => [e.code, e.error])).toEqual([['bridge_error', 'access_denied']])
    expect(setCookies(res).some((c) => c.startsWith(`ssobridge_state_${AUDIENCE}=;`))).toBe(true)
  })

  it('adds the cookie deletion even to an immutable Response', async () => {
    const token = await signHs256(claims())
    const hono = app({ onSuccess: (_c, result) => Response.redirect(result.returnTo, 303) })
    const res = await hono.request('https://shop.example/sso/callback', {
      method: 'POST',
      ...(await post({ token, state: STATE })),
    })
    expect(res.status).toBe(303)
    expect(setCookies(res).some((c) => c.startsWith(`ssobridge_state_${AUDIENCE}=;`))).toBe(true)
  })

  it('refuses a body that is not a urlencoded form', async () => {
    const token = await signHs256(claims())
    for (const contentType of [
      'application/json',
      'multipart/form-data; boundary=x',
      'text/plain',
    ]) {
      const res = await app().request('https://shop.example/sso/callback', {
        method: 'POST',
        body: JSON.stringify({ token, state: STATE }),
        headers: { 'content-type': contentType, cookie },
      })
      expect(res.status).toBe(400)
      expect((await res.text()).split(':')[0]).toBe('token_missing')
    }
  })

  it('accepts a charset parameter on the form content type', async () => {
    const token = await signHs256(claims())
    const res = await app().request('https://shop.example/sso/callback', {
      method: 'POST',
      ...(await post({ token, state: STATE }, { 'content-type': `${formType}; charset=UTF-8` })),
    })
    expect(res.status).toBe(303)
  })

  it('refuses a body over 16 KB, declared or streamed', async () => {
    const body = new URLSearchParams({ state: STATE, token: 'x'.repeat(20_000) }).toString()
    const res = await app().request('https://shop.example/sso/callback', {
      method: 'POST',
      body,
      headers: { 'content-type': formType, cookie },
    })
    expect((await res.text()).split(':')[0]).toBe('token_malformed')

    const encoder = new TextEncoder()
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 20; i++) controller.enqueue(encoder.encode('x'.repeat(1024)))
        controller.close()
      },
    })
    const streamed = await app().request(
      new Request('https://shop.example/sso/callback', {
        method: 'POST',
        body: stream,
        headers: { 'content-type': formType, cookie },
        duplex: 'half',
      } as RequestInit),
    )
    expect((await streamed.text()).split(':')[0]).toBe('token_malformed')
  })

  it('answers 405 to other methods', async () => {
    const res = await app().request('https://shop.example/sso/callback')
    expect(res.status).toBe(405)
    expect(res.headers.get('allow')).toBe('POST')
  })

  it('judges return_to against the configured callbackUrl behind a proxy', async () => {
    const token = await signHs256(claims())
    const hono = app({}, { callbackUrl: 'https://shop.example/sso/callback' })
    const res = await hono.request('http://10.0.0.5:3000/sso/callback', {
      method: 'POST',
      ...(await post({ token, state: STATE, return_to: 'https://shop.example/cart' })),
    })
    expect(res.headers.get('location')).toBe('https://shop.example/cart')
  })

  it('lets other errors reach the app error handler', async () => {
    const token = await signHs256(claims())
    const hono = app({
      onSuccess: () => {
        throw new Error('database down')
      },
    })
    hono.onError((_error, c) => c.text('sorry', 500))
    const res = await hono.request('https://shop.example/sso/callback', {
      method: 'POST',
      ...(await post({ token, state: STATE })),
    })
    expect(res.status).toBe(500)
  })

  it('checks options when the handler is built', () => {
    expect(() =>
      ssoCallback({ issuer: ISSUER, audience: AUDIENCE }, { onSuccess: (c) => c.body(null) }),
    ).toThrow(expect.objectContaining({ code: 'invalid_options' }))
  })
})
