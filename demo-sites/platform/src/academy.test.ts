import { SignJWT } from 'jose'
import { describe, expect, it } from 'vitest'
import { createAcademy } from './academy.js'

const apiKey = 'academy-api-key-0123456789abcdef0123'
const publicUrl = 'http://127.0.0.1:4005'
const academy = () => createAcademy({ publicUrl, bridgeUrl: 'http://localhost:4000', apiKey })

const jwt = (claims: Record<string, unknown>, key = apiKey) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .sign(new TextEncoder().encode(key))

const thinkific = (overrides: Record<string, unknown> = {}) => ({
  first_name: 'Alice',
  last_name: 'Example',
  email: 'alice@example.com',
  external_id: 'u-1',
  iat: Math.floor(Date.now() / 1000),
  ...overrides,
})

async function sso(a: ReturnType<typeof academy>, token: string, extra = '') {
  return a.app.request(`${publicUrl}/api/sso/v2/sso/jwt?jwt=${token}${extra}`)
}

describe('Academy, a Thinkific-style platform', () => {
  it('takes a Thinkific-shaped JWT, creates the learner and a session, and follows return_to', async () => {
    const a = academy()
    const response = await sso(
      a,
      await jwt(thinkific()),
      `&return_to=${encodeURIComponent(`${publicUrl}/courses`)}`,
    )
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe(`${publicUrl}/courses`)
    const cookie = response.headers.get('set-cookie')!.split(';')[0]!
    const me = await (await a.app.request('/api/me', { headers: { Cookie: cookie } })).json()
    expect(me.learner).toMatchObject({
      email: 'alice@example.com',
      firstName: 'Alice',
      externalId: 'u-1',
    })
  })

  it.each([
    ['another key', async () => jwt(thinkific(), 'another-key-0123456789abcdef01234567')],
    ['an old iat', async () => jwt(thinkific({ iat: Math.floor(Date.now() / 1000) - 600 }))],
    ['no email', async () => jwt(thinkific({ email: undefined }))],
  ])('refuses a token with %s, to the error_url', async (_name, token) => {
    const a = academy()
    const response = await sso(
      a,
      await token(),
      `&error_url=${encodeURIComponent(`${publicUrl}/sso-error`)}`,
    )
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toMatch(
      /^http:\/\/127\.0\.0\.1:4005\/sso-error\?error=/,
    )
    expect(response.headers.get('set-cookie')).toBeNull()
    expect(a.learners.size).toBe(0)
  })

  it('never follows a return_to or error_url of another origin', async () => {
    const a = academy()
    const ok = await sso(a, await jwt(thinkific()), '&return_to=https%3A%2F%2Fevil.example%2F')
    expect(ok.headers.get('location')).toBe(`${publicUrl}/`)
    const bad = await sso(a, 'x.y.z', '&error_url=https%3A%2F%2Fevil.example%2F')
    expect(bad.status).toBe(400)
  })
})
