import { Hono } from 'hono'
import { SignJWT } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAccessTokenVerifier } from './access-token.js'
import { ssoBearer, type SsoBearerEnv } from './hono-bearer.js'
import {
  AUDIENCE,
  codeOf,
  codeOfSync,
  ISSUER,
  nowSeconds,
  SECRET,
  signingKey,
  startJwksServer,
  type JwksServer,
  type SigningKey,
} from './test-support.js'

let key: SigningKey
let server: JwksServer
beforeAll(async () => {
  key = await signingKey('ES256')
  server = await startJwksServer([key.publicJwk])
})
afterAll(() => server.close())

function accessClaims(overrides: Record<string, unknown> = {}) {
  const iat = nowSeconds()
  return {
    iss: ISSUER,
    aud: AUDIENCE,
    sub: 'user-123',
    client_id: AUDIENCE,
    scope: 'openid email',
    iat,
    exp: iat + 300,
    jti: `at-${Math.random()}`,
    ...overrides,
  }
}

const sign = (claims: Record<string, unknown>, typ = 'at+jwt') =>
  new SignJWT(claims).setProtectedHeader({ alg: 'ES256', typ, kid: key.kid }).sign(key.privateKey)

const options = () => ({ issuer: ISSUER, audience: AUDIENCE, jwksUrl: server.url })

describe('access tokens (RFC 9068)', () => {
  it('verifies an at+jwt and gives its scopes', async () => {
    const verify = createAccessTokenVerifier(options())
    expect(await verify(await sign(accessClaims()))).toMatchObject({
      sub: 'user-123',
      client_id: AUDIENCE,
      scopes: ['openid', 'email'],
    })
  })

  it('refuses an ID token or a sign-in token, another audience, a missing scope', async () => {
    const verify = createAccessTokenVerifier({ ...options(), requiredScopes: ['email'] })
    expect(await codeOf(verify(await sign(accessClaims(), 'JWT')))).toBe('claim_invalid')
    expect(await codeOf(verify(await sign(accessClaims({ aud: 'other' }))))).toBe('claim_invalid')
    expect(await codeOf(verify(await sign(accessClaims({ scope: 'openid' }))))).toBe(
      'claim_invalid',
    )
    expect(await codeOf(verify(await sign(accessClaims({ client_id: undefined }))))).toBe(
      'claim_invalid',
    )
    expect(await codeOf(verify('not a token'))).toBe('token_malformed')
    expect(
      codeOfSync(() => createAccessTokenVerifier({ ...options(), secret: SECRET } as never)),
    ).toBe('invalid_options')
  })
})

describe('ssoBearer', () => {
  const app = new Hono<SsoBearerEnv>()
  app.use('/api/*', (c, next) => ssoBearer({ ...options(), requiredScopes: ['openid'] })(c, next))
  app.get('/api/me', (c) => c.json({ sub: c.get('ssoAccessToken').sub }))

  it('lets a valid token through, and answers 401/403 per RFC 6750 otherwise', async () => {
    const call = (token?: string) =>
      app.request('/api/me', token ? { headers: { Authorization: `Bearer ${token}` } } : {})
    const ok = await call(await sign(accessClaims()))
    expect(await ok.json()).toEqual({ sub: 'user-123' })
    const none = await call()
    expect(none.status).toBe(401)
    expect(none.headers.get('WWW-Authenticate')).toBe(`Bearer realm="${ISSUER}"`)
    const expired = await call(await sign(accessClaims({ exp: nowSeconds() - 60 })))
    expect(expired.status).toBe(401)
    expect(expired.headers.get('WWW-Authenticate')).toContain('error="invalid_token"')
    const scope = await call(await sign(accessClaims({ scope: 'email' })))
    expect(scope.status).toBe(403)
    expect(await scope.json()).toMatchObject({ error: 'insufficient_scope' })
  })
})
