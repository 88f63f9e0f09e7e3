import { SignJWT, type JWTPayload } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  BACKCHANNEL_LOGOUT_EVENT,
  createLogoutTokenVerifier,
  verifyLogoutToken,
} from './logout-token.js'
import { MemoryReplayStore } from './memory-replay-store.js'
import {
  AUDIENCE,
  handmade,
  ISSUER,
  nowSeconds,
  SECRET,
  signingKey,
  startJwksServer,
  type JwksServer,
  type SigningKey,
} from './test-support.js'
import { VerifyError } from './verify-error.js'

let counter = 0
function logoutClaims(overrides: Record<string, unknown> = {}): JWTPayload {
  const iat = nowSeconds()
  const base: Record<string, unknown> = {
    iss: ISSUER,
    aud: AUDIENCE,
    sub: 'user-123',
    sid: 'sid-1',
    iat,
    exp: iat + 120,
    jti: `logout-${++counter}`,
    events: { [BACKCHANNEL_LOGOUT_EVENT]: {} },
  }
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) delete base[key]
    else base[key] = value
  }
  return base
}

const sign = (payload: JWTPayload, header: Record<string, unknown> = {}, secret = SECRET) =>
  new SignJWT(payload)
    .setProtectedHeader({ alg: 'HS256', typ: 'logout+jwt', ...header })
    .sign(new TextEncoder().encode(secret))

const options = { issuer: ISSUER, audience: AUDIENCE, secret: SECRET }
const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'accepted',
    (error: unknown) =>
      error instanceof VerifyError ? `${error.code}${error.claim ? `:${error.claim}` : ''}` : error,
  )

describe('verifyLogoutToken', () => {
  it('accepts a logout token and returns its claims', async () => {
    const claims = await verifyLogoutToken(await sign(logoutClaims()), options)
    expect(claims).toMatchObject({ sub: 'user-123', sid: 'sid-1', aud: AUDIENCE })
    expect(claims.events).toEqual({ [BACKCHANNEL_LOGOUT_EVENT]: {} })
  })

  it('accepts sid alone or sub alone', async () => {
    const verify = createLogoutTokenVerifier(options)
    expect((await verify(await sign(logoutClaims({ sub: undefined })))).sid).toBe('sid-1')
    expect((await verify(await sign(logoutClaims({ sid: undefined })))).sub).toBe('user-123')
  })

  it('refuses the same token twice', async () => {
    const verify = createLogoutTokenVerifier({ ...options, replayStore: new MemoryReplayStore() })
    const token = await sign(logoutClaims())
    await verify(token)
    expect(await codeOf(verify(token))).toBe('token_replayed')
  })

  describe('refuses forged logout tokens', () => {
    const verify = createLogoutTokenVerifier(options)
    it.each([
      ['wrong aud', logoutClaims({ aud: 'forum' }), {}, 'claim_invalid:aud'],
      ['aud as a list', logoutClaims({ aud: [AUDIENCE, 'forum'] }), {}, 'claim_invalid:aud'],
      ['wrong iss', logoutClaims({ iss: 'https://evil.example' }), {}, 'claim_invalid:iss'],
      ['missing events', logoutClaims({ events: undefined }), {}, 'claim_invalid:events'],
      [
        'events without the logout event',
        logoutClaims({ events: { other: {} } }),
        {},
        'claim_invalid:events',
      ],
      [
        'an event that is not an object',
        logoutClaims({ events: { [BACKCHANNEL_LOGOUT_EVENT]: 'x' } }),
        {},
        'claim_invalid:events',
      ],
      ['a nonce', logoutClaims({ nonce: 'n' }), {}, 'claim_invalid:nonce'],
      [
        'neither sub nor sid',
        logoutClaims({ sub: undefined, sid: undefined }),
        {},
        'claim_invalid:sub',
      ],
      ['no jti', logoutClaims({ jti: undefined }), {}, 'claim_invalid:jti'],
      ['no exp', logoutClaims({ exp: undefined }), {}, 'claim_invalid:exp'],
      [
        'expired',
        logoutClaims({ iat: nowSeconds() - 600, exp: nowSeconds() - 300 }),
        {},
        'token_expired:exp',
      ],
      ['typ JWT: a sign-in token', logoutClaims(), { typ: 'JWT' }, 'claim_invalid:typ'],
      ['no typ', logoutClaims(), { typ: undefined }, 'claim_invalid:typ'],
    ])('%s', async (_name, payload, header, code) => {
      expect(await codeOf(verify(await sign(payload, header)))).toBe(code)
    })

    it('unsigned (alg none)', async () => {
      const token = handmade({ alg: 'none', typ: 'logout+jwt' }, logoutClaims())
      expect(await codeOf(verify(token))).toBe('alg_not_allowed')
    })

    it('signed with another secret', async () => {
      const token = await sign(logoutClaims(), {}, 'another-secret-that-is-32-bytes-long!!')
      expect(await codeOf(verify(token))).toBe('signature_invalid')
    })

    it('malformed or missing', async () => {
      expect(await codeOf(verify(''))).toBe('token_missing')
      expect(await codeOf(verify('a.b'))).toBe('token_malformed')
      expect(await codeOf(verify('x'.repeat(9000)))).toBe('token_malformed')
    })
  })
})

describe('verifyLogoutToken with a JWKS', () => {
  let key: SigningKey
  let server: JwksServer
  beforeAll(async () => {
    key = await signingKey('ES256')
    server = await startJwksServer([key.publicJwk])
  })
  afterAll(() => server.close())

  it('verifies an ES256 logout token by kid, and refuses an HS256 one', async () => {
    const jwks = { issuer: ISSUER, audience: AUDIENCE, jwksUrl: server.url }
    const token = await new SignJWT(logoutClaims())
      .setProtectedHeader({ alg: 'ES256', typ: 'logout+jwt', kid: key.kid })
      .sign(key.privateKey)
    expect((await verifyLogoutToken(token, jwks)).sub).toBe('user-123')
    expect(await codeOf(verifyLogoutToken(await sign(logoutClaims()), jwks))).toBe(
      'alg_not_allowed',
    )
  })
})
