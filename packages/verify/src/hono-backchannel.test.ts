import { Hono } from 'hono'
import { SignJWT } from 'jose'
import { describe, expect, it } from 'vitest'
import { ssoBackchannelLogout } from './hono.js'
import { BACKCHANNEL_LOGOUT_EVENT, type LogoutClaims } from './logout-token.js'
import { AUDIENCE, ISSUER, nowSeconds, SECRET } from './test-support.js'

async function logoutToken(overrides: Record<string, unknown> = {}) {
  const iat = nowSeconds()
  return new SignJWT({
    iss: ISSUER,
    aud: AUDIENCE,
    sub: 'user-1',
    sid: 's-1',
    iat,
    exp: iat + 60,
    jti: `j-${Math.random()}`,
    events: { [BACKCHANNEL_LOGOUT_EVENT]: {} },
    ...overrides,
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'logout+jwt' })
    .sign(new TextEncoder().encode(SECRET))
}

function site() {
  const ended: LogoutClaims[] = []
  const refused: string[] = []
  const app = new Hono().post(
    '/sso/backchannel-logout',
    ssoBackchannelLogout(
      { issuer: ISSUER, audience: AUDIENCE, secret: SECRET },
      {
        onLogout: (_c, claims) => void ended.push(claims),
        onError: (_c, error) => void refused.push(error.code),
      },
    ),
  )
  const post = (body: string, type = 'application/x-www-form-urlencoded') =>
    app.request('/sso/backchannel-logout', {
      method: 'POST',
      headers: { 'Content-Type': type },
      body,
    })
  return { ended, refused, post }
}

describe('ssoBackchannelLogout', () => {
  it('ends the sessions of a valid logout token and answers 200, uncached', async () => {
    const { ended, post } = site()
    const response = await post(`logout_token=${await logoutToken()}`)
    expect(response.status).toBe(200)
    expect(response.headers.get('Cache-Control')).toBe('no-store')
    expect(ended.map((c) => [c.sub, c.sid])).toEqual([['user-1', 's-1']])
  })

  it('answers 400 invalid_request to a forged token and ends nothing', async () => {
    const { ended, refused, post } = site()
    const response = await post(`logout_token=${await logoutToken({ aud: 'other' })}`)
    expect(response.status).toBe(400)
    expect((await response.json()).error).toBe('invalid_request')
    expect((await post('logout_token=')).status).toBe(400)
    expect((await post('{}', 'application/json')).status).toBe(400)
    expect(refused).toEqual(['claim_invalid', 'token_missing', 'token_missing'])
    expect(ended).toEqual([])
  })
})
