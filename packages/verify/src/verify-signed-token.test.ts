// The three kinds of token go through one skeleton: the shared checks refuse alike for each, and
// what a kind declares (typ, age limit, spent jti) is what it gets.
import { SignJWT, type JWTPayload } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAccessTokenVerifier } from './access-token.js'
import { BACKCHANNEL_LOGOUT_EVENT, createLogoutTokenVerifier } from './logout-token.js'
import { MemoryReplayStore } from './memory-replay-store.js'
import {
  AUDIENCE,
  claims,
  handmade,
  ISSUER,
  nowSeconds,
  signingKey,
  startJwksServer,
  STATE,
  type JwksServer,
  type SigningKey,
} from './test-support.js'
import { createVerifier } from './verifier.js'
import { VerifyError } from './verify-error.js'
import { MAX_TOKEN_LENGTH } from './verify-signed-token.js'

let key: SigningKey
let server: JwksServer
beforeAll(async () => {
  key = await signingKey('ES256')
  server = await startJwksServer([key.publicJwk])
})
afterAll(() => server.close())

const options = () => ({
  issuer: ISSUER,
  audience: AUDIENCE,
  jwksUrl: server.url,
  replayStore: new MemoryReplayStore(),
})

interface Kind {
  typ: string
  payload: (overrides?: Record<string, unknown>) => JWTPayload
  verifier: () => (token: string) => Promise<unknown>
}

const kinds: Record<'sign-in' | 'access' | 'logout', Kind> = {
  'sign-in': {
    typ: 'JWT',
    payload: (overrides) => claims(overrides),
    verifier() {
      const verify = createVerifier(options())
      return (token) => verify(token, { nonce: STATE })
    },
  },
  access: {
    typ: 'at+jwt',
    payload: (overrides) => ({
      ...claims({ nonce: undefined }),
      client_id: AUDIENCE,
      scope: 'openid',
      ...overrides,
    }),
    verifier: () => createAccessTokenVerifier(options()),
  },
  logout: {
    typ: 'logout+jwt',
    payload: (overrides) => ({
      iss: ISSUER,
      aud: AUDIENCE,
      sub: 'user-123',
      iat: nowSeconds(),
      exp: nowSeconds() + 120,
      jti: `logout-${Math.random()}`,
      events: { [BACKCHANNEL_LOGOUT_EVENT]: {} },
      ...overrides,
    }),
    verifier: () => createLogoutTokenVerifier(options()),
  },
}

function sign(payload: JWTPayload, typ: string): Promise<string> {
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'ES256', typ, kid: key.kid })
    .sign(key.privateKey)
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  if (error === undefined) return 'accepted'
  if (!(error instanceof VerifyError)) throw error
  return error.claim ? `${error.code}:${error.claim}` : error.code
}

describe.each(Object.entries(kinds))('%s tokens', (name, kind) => {
  it('are accepted when everything holds', async () => {
    const verify = kind.verifier()
    expect(await refusal(verify(await sign(kind.payload(), kind.typ)))).toBe('accepted')
  })

  it('refuse a missing, an oversized or a non-compact token before any key is fetched', async () => {
    const verify = kind.verifier()
    const before = server.requests()
    expect(await refusal(verify(''))).toBe('token_missing')
    expect(await refusal(verify(undefined as unknown as string))).toBe('token_missing')
    expect(await refusal(verify('x'.repeat(MAX_TOKEN_LENGTH + 1)))).toBe('token_malformed')
    expect(await refusal(verify('a.b'))).toBe('token_malformed')
    expect(await refusal(verify('a.b.c.d'))).toBe('token_malformed')
    expect(await refusal(verify('{"alg":"none"}.e30.'))).toBe('token_malformed')
    expect(server.requests()).toBe(before)
  })

  it('refuse an unsigned token (alg none) by name', async () => {
    const verify = kind.verifier()
    const token = handmade({ alg: 'none', typ: kind.typ }, kind.payload())
    expect(await refusal(verify(token))).toBe('alg_not_allowed')
  })

  it('refuse the typ of every other kind', async () => {
    const verify = kind.verifier()
    for (const other of Object.values(kinds)) {
      if (other === kind) continue
      const token = await sign(kind.payload(), other.typ)
      expect(await refusal(verify(token)), `${name} with typ ${other.typ}`).toBe(
        'claim_invalid:typ',
      )
    }
  })

  it('refuse another issuer and another audience', async () => {
    const verify = kind.verifier()
    const evil = await sign(kind.payload({ iss: 'https://evil.example' }), kind.typ)
    const forum = await sign(kind.payload({ aud: 'forum' }), kind.typ)
    expect(await refusal(verify(evil))).toBe('claim_invalid:iss')
    expect(await refusal(verify(forum))).toBe('claim_invalid:aud')
  })
})

describe('what each kind declares', () => {
  const old = { iat: nowSeconds() - 400, exp: nowSeconds() + 60 }

  it('sign-in and logout tokens are at most maxTokenAgeSeconds old; access tokens only expire', async () => {
    for (const kind of [kinds['sign-in'], kinds.logout]) {
      const token = await sign(kind.payload(old), kind.typ)
      expect(await refusal(kind.verifier()(token))).toBe('token_expired:iat')
    }
    const access = await sign(kinds.access.payload(old), kinds.access.typ)
    expect(await refusal(kinds.access.verifier()(access))).toBe('accepted')
  })

  it('sign-in and logout tokens are spent once; an access token is presented on every call', async () => {
    for (const kind of [kinds['sign-in'], kinds.logout]) {
      const verify = kind.verifier()
      const token = await sign(kind.payload(), kind.typ)
      expect(await refusal(verify(token))).toBe('accepted')
      expect(await refusal(verify(token))).toBe('token_replayed')
    }
    const verify = kinds.access.verifier()
    const token = await sign(kinds.access.payload(), kinds.access.typ)
    expect(await refusal(verify(token))).toBe('accepted')
    expect(await refusal(verify(token))).toBe('accepted')
  })
})
