// Attacks on token verification: each must fail with its own code, and none may burn a jti.
import { CompactSign, exportJWK, exportSPKI } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MemoryReplayStore } from './memory-replay-store.js'
import {
  AUDIENCE,
  claims,
  codeOf,
  handmade,
  ISSUER,
  nowSeconds,
  SECRET,
  signHs256,
  signingKey,
  signWith,
  startJwksServer,
  STATE,
  type JwksServer,
  type SigningKey,
} from './test-support.js'
import { createVerifier } from './verifier.js'
import { VerifyError } from './verify-error.js'
import { MAX_TOKEN_LENGTH } from './verify-signed-token.js'

const verify = createVerifier({ issuer: ISSUER, audience: AUDIENCE, secret: SECRET })
const expected = { nonce: STATE }

describe('algorithm pinning', () => {
  let es256: SigningKey
  let rs256: SigningKey
  let jwks: JwksServer
  beforeAll(async () => {
    es256 = await signingKey('ES256')
    rs256 = await signingKey('RS256')
    jwks = await startJwksServer([es256.publicJwk, rs256.publicJwk])
  })
  afterAll(() => jwks.close())

  it('refuses alg none, with or without a signature', async () => {
    const header = { alg: 'none', typ: 'JWT' }
    expect(await codeOf(verify(handmade(header, claims()), expected))).toBe('alg_not_allowed')
    expect(await codeOf(verify(handmade(header, claims(), 'c2ln'), expected))).toBe(
      'alg_not_allowed',
    )
  })

  it('refuses alg none against a JWKS verifier too', async () => {
    const jwksVerify = createVerifier({ issuer: ISSUER, audience: AUDIENCE, jwksUrl: jwks.url })
    const token = handmade({ alg: 'none', typ: 'JWT' }, claims())
    expect(await codeOf(jwksVerify(token, expected))).toBe('alg_not_allowed')
  })

  it('refuses HS256 signed with the public key of an RS256 or ES256 key (confusion)', async () => {
    const jwksVerify = createVerifier({
      issuer: ISSUER,
      audience: AUDIENCE,
      jwksUrl: jwks.url,
      algorithms: ['ES256', 'RS256'],
    })
    for (const key of [rs256, es256]) {
      const pem = await exportSPKI(key.publicKey)
      const jwkText = JSON.stringify(await exportJWK(key.publicKey))
      for (const material of [pem, jwkText]) {
        const token = await signHs256(claims(), material, { kid: key.kid })
        expect(await codeOf(jwksVerify(token, expected))).toBe('alg_not_allowed')
      }
    }
  })

  it('refuses an RS256 or ES256 token at an HS256 verifier', async () => {
    const token = await signWith(claims(), es256.privateKey, { alg: 'ES256', kid: es256.kid })
    expect(await codeOf(verify(token, expected))).toBe('alg_not_allowed')
    const rs = await signWith(claims(), rs256.privateKey, { alg: 'RS256', kid: rs256.kid })
    expect(await codeOf(verify(rs, expected))).toBe('alg_not_allowed')
  })

  it('refuses HS384 and HS512 even with the right secret', async () => {
    const token = handmade({ alg: 'HS512', typ: 'JWT' }, claims(), 'c2ln')
    expect(await codeOf(verify(token, expected))).toBe('alg_not_allowed')
  })
})

describe('signature', () => {
  it('refuses a token signed with another secret', async () => {
    const token = await signHs256(claims(), 'another-secret-that-is-also-32-bytes-long')
    expect(await codeOf(verify(token, expected))).toBe('signature_invalid')
  })

  it('refuses a token whose payload was changed after signing', async () => {
    const token = await signHs256(claims({ sub: 'alice' }))
    const [header, , signature] = token.split('.')
    const forged = handmade({}, {}).split('.')
    forged[0] = header!
    forged[1] = handmade({}, claims({ sub: 'admin' })).split('.')[1]!
    forged[2] = signature!
    expect(await codeOf(verify(forged.join('.'), expected))).toBe('signature_invalid')
  })

  it('does not burn the jti of a token with a bad signature', async () => {
    const replayStore = new MemoryReplayStore()
    const storeVerify = createVerifier({
      issuer: ISSUER,
      audience: AUDIENCE,
      secret: SECRET,
      replayStore,
    })
    const payload = claims()
    const forged = await signHs256(payload, 'attacker-secret-of-at-least-32-bytes-long')
    expect(await codeOf(storeVerify(forged, expected))).toBe('signature_invalid')
    await expect(storeVerify(await signHs256(payload), expected)).resolves.toMatchObject({
      jti: payload.jti,
    })
  })

  it('does not burn the jti of a token that fails a claim or the nonce', async () => {
    const replayStore = new MemoryReplayStore()
    const storeVerify = createVerifier({
      issuer: ISSUER,
      audience: AUDIENCE,
      secret: SECRET,
      replayStore,
    })
    const payload = claims()
    const token = await signHs256(payload)
    expect(await codeOf(storeVerify(token, { nonce: 'another-state' }))).toBe('nonce_mismatch')
    const wrongAud = await signHs256({ ...payload, aud: 'forum' })
    expect(await codeOf(storeVerify(wrongAud, expected))).toBe('claim_invalid')
    await expect(storeVerify(token, expected)).resolves.toMatchObject({ jti: payload.jti })
  })
})

describe('claims', () => {
  const cases: [string, Record<string, unknown>, string, string?][] = [
    ['wrong aud', { aud: 'forum' }, 'claim_invalid', 'aud'],
    ['aud as an array that includes the app', { aud: [AUDIENCE, 'forum'] }, 'claim_invalid', 'aud'],
    ['wrong iss', { iss: 'https://evil.example' }, 'claim_invalid', 'iss'],
    ['iss with a trailing slash', { iss: `${ISSUER}/` }, 'claim_invalid', 'iss'],
    ['expired', { iat: nowSeconds() - 200, exp: nowSeconds() - 60 }, 'token_expired', 'exp'],
    ['iat too old', { iat: nowSeconds() - 400, exp: nowSeconds() + 60 }, 'token_expired', 'iat'],
    [
      'iat in the future',
      { iat: nowSeconds() + 600, exp: nowSeconds() + 720 },
      'claim_invalid',
      'iat',
    ],
    ['nbf in the future', { nbf: nowSeconds() + 600 }, 'claim_invalid', 'nbf'],
    ['missing jti', { jti: undefined }, 'claim_invalid', 'jti'],
    ['missing exp', { exp: undefined }, 'claim_invalid', 'exp'],
    ['missing iat', { iat: undefined }, 'claim_invalid', 'iat'],
    ['missing nonce', { nonce: undefined }, 'claim_invalid', 'nonce'],
    ['missing sub', { sub: undefined }, 'claim_invalid', 'sub'],
    ['missing iss', { iss: undefined }, 'claim_invalid', 'iss'],
    ['missing aud', { aud: undefined }, 'claim_invalid', 'aud'],
    ['empty sub', { sub: '' }, 'claim_invalid', 'sub'],
    ['numeric jti', { jti: 42 }, 'claim_invalid', 'jti'],
    ['exp as a string', { exp: String(nowSeconds() + 60) }, 'claim_invalid', 'exp'],
    ['email_verified as a string', { email_verified: 'true' }, 'claim_invalid', 'email_verified'],
    ['amr not an array of strings', { amr: 'pwd' }, 'claim_invalid', 'amr'],
  ]
  for (const [name, overrides, code, claim] of cases) {
    it(`refuses ${name}`, async () => {
      const error = await verify(await signHs256(claims(overrides)), expected).catch((e) => e)
      expect(error).toBeInstanceOf(VerifyError)
      expect(error.code).toBe(code)
      if (claim) expect(error.claim).toBe(claim)
    })
  }

  it('accepts exp a little in the past, within the clock tolerance', async () => {
    const exp = nowSeconds() - 2
    const token = await signHs256(claims({ iat: nowSeconds() - 120, exp }))
    await expect(verify(token, expected)).resolves.toMatchObject({ exp, nonce: STATE })
  })

  it('refuses a token without typ JWT', async () => {
    const token = await signHs256(claims(), SECRET, { typ: 'at+jwt' })
    const error = await verify(token, expected).catch((e) => e)
    expect([error.code, error.claim]).toEqual(['claim_invalid', 'typ'])
  })

  it('refuses a wrong nonce', async () => {
    const token = await signHs256(claims({ nonce: 'someone-elses-state' }))
    expect(await codeOf(verify(token, expected))).toBe('nonce_mismatch')
  })

  it('refuses when no nonce is expected', async () => {
    const token = await signHs256(claims({ nonce: '' }))
    expect(await codeOf(verify(token, { nonce: '' }))).toBe('state_missing')
    expect(await codeOf(verify(token, {} as { nonce: string }))).toBe('state_missing')
  })

  it('refuses a replayed token even with a fresh verifier sharing the store', async () => {
    const replayStore = new MemoryReplayStore()
    const options = { issuer: ISSUER, audience: AUDIENCE, secret: SECRET, replayStore }
    const token = await signHs256(claims())
    await createVerifier(options)(token, expected)
    expect(await codeOf(createVerifier(options)(token, expected))).toBe('token_replayed')
  })

  it('lets only one of two concurrent uses of a token through', async () => {
    const token = await signHs256(claims())
    const codes = await Promise.all([
      codeOf(verify(token, expected)),
      codeOf(verify(token, expected)),
    ])
    expect(codes.sort()).toEqual(['resolved', 'token_replayed'])
  })

  it('marks the jti until exp plus the clock tolerance', async () => {
    const marks: [string, number][] = []
    const replayStore = {
      markUsed: async (jti: string, until: number) => (marks.push([jti, until]), true),
    }
    const storeVerify = createVerifier({
      issuer: ISSUER,
      audience: AUDIENCE,
      secret: SECRET,
      replayStore,
      clockToleranceSeconds: 7,
    })
    const payload = claims()
    await storeVerify(await signHs256(payload), expected)
    expect(marks).toEqual([[payload.jti, payload.exp! + 7]])
  })
})

describe('malformed input', () => {
  it('refuses a missing token', async () => {
    expect(await codeOf(verify('', expected))).toBe('token_missing')
    expect(await codeOf(verify(undefined as unknown as string, expected))).toBe('token_missing')
  })

  const malformed = [
    'not-a-jwt',
    'a.b',
    'a.b.c.d',
    '..',
    'a..c',
    'eyJhbGciOiJIUzI1NiJ9.e30.sig with spaces',
    'eyJhbGciOiJIUzI1NiJ9.%%%.c2ln',
    'e30=.e30=.c2ln',
    `${btoa('not json').replace(/=+$/, '')}.e30.c2ln`,
    handmade({ alg: 'HS256', typ: 'JWT', crit: ['x-unknown'], 'x-unknown': 1 }, claims(), 'c2ln'),
    ' ' + 'a.b.c',
  ]
  for (const token of malformed) {
    it(`refuses ${JSON.stringify(token.slice(0, 40))}`, async () => {
      expect(await codeOf(verify(token, expected))).toBe('token_malformed')
    })
  }

  it('refuses a signed payload that is not a JSON object', async () => {
    for (const text of ['not json', '[1,2]', '"text"']) {
      const token = await new CompactSign(new TextEncoder().encode(text))
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .sign(new TextEncoder().encode(SECRET))
      expect(await codeOf(verify(token, expected))).toBe('token_malformed')
    }
  })

  it('checks the signature before reading an unsigned payload', async () => {
    const token = `${handmade({ alg: 'HS256', typ: 'JWT' }, {}).split('.')[0]}.bm90IGpzb24.c2ln`
    expect(await codeOf(verify(token, expected))).toBe('signature_invalid')
  })

  it('refuses an oversized token before parsing it', async () => {
    const token = await signHs256(claims({ padding: 'x'.repeat(MAX_TOKEN_LENGTH) }))
    expect(await codeOf(verify(token, expected))).toBe('token_malformed')
  })

  it('never puts the token, the nonce or the secret in a message', async () => {
    const samples = [
      await signHs256(claims({ aud: 'forum' })),
      await signHs256(claims({ nonce: 'other' })),
      await signHs256(claims(), 'another-secret-that-is-also-32-bytes-long'),
      handmade({ alg: 'none' }, claims()),
      'garbage',
    ]
    for (const token of samples) {
      const error: Error = await verify(token, expected).catch((e) => e)
      const text = `${error.message} ${String(error.cause ?? '')}`
      for (const secret of [token, STATE, SECRET, token.split('.')[1]!]) {
        expect(text).not.toContain(secret)
      }
      expect(error.cause).toBeUndefined()
    }
  })
})
