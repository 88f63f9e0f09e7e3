import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MemoryReplayStore } from './memory-replay-store.js'
import {
  AUDIENCE,
  claims,
  codeOf,
  ISSUER,
  SECRET,
  signHs256,
  signingKey,
  signWith,
  startJwksServer,
  STATE,
  type JwksServer,
  type SigningKey,
} from './test-support.js'
import { createVerifier, verifyToken } from './verifier.js'
import { VerifyError } from './verify-error.js'

describe('HS256', () => {
  const verify = createVerifier({ issuer: ISSUER, audience: AUDIENCE, secret: SECRET })

  it('accepts a good token and returns its claims', async () => {
    const token = await signHs256(claims({ groups: ['admins'] }))
    const result = await verify(token, { nonce: STATE })
    expect(result).toMatchObject({
      iss: ISSUER,
      aud: AUDIENCE,
      sub: 'user-123',
      nonce: STATE,
      email: 'alice@example.com',
      email_verified: true,
      amr: ['pwd'],
      idp: 'staff',
      groups: ['admins'],
    })
  })

  it('accepts a secret given as bytes', async () => {
    const secret = new Uint8Array(32).fill(7)
    const bytesVerify = createVerifier({ issuer: ISSUER, audience: AUDIENCE, secret })
    const token = await signHs256(claims(), secret)
    await expect(bytesVerify(token, { nonce: STATE })).resolves.toMatchObject({ sub: 'user-123' })
  })

  it('accepts a token used once, refuses it the second time', async () => {
    const token = await signHs256(claims())
    await verify(token, { nonce: STATE })
    expect(await codeOf(verify(token, { nonce: STATE }))).toBe('token_replayed')
  })

  it('accepts minimal claims (only the required ones)', async () => {
    const minimal = claims({
      auth_time: undefined,
      amr: undefined,
      email: undefined,
      email_verified: undefined,
      name: undefined,
      given_name: undefined,
      family_name: undefined,
      idp: undefined,
    })
    const result = await verify(await signHs256(minimal), { nonce: STATE })
    expect(Object.keys(result).sort()).toEqual(['aud', 'exp', 'iat', 'iss', 'jti', 'nonce', 'sub'])
    expect(result).toMatchObject({ iss: ISSUER, aud: AUDIENCE, sub: 'user-123', nonce: STATE })
  })

  it('throws VerifyError instances', async () => {
    await expect(verify('a.b.c', { nonce: STATE })).rejects.toBeInstanceOf(VerifyError)
  })
})

describe('verifyToken', () => {
  it('verifies once and remembers the jti across calls', async () => {
    const token = await signHs256(claims())
    const options = { issuer: ISSUER, audience: AUDIENCE, secret: SECRET, nonce: STATE }
    await expect(verifyToken(token, options)).resolves.toMatchObject({ sub: 'user-123' })
    expect(await codeOf(verifyToken(token, options))).toBe('token_replayed')
  })

  it('uses the given replay store', async () => {
    const replayStore = new MemoryReplayStore()
    const token = await signHs256(claims())
    const options = { issuer: ISSUER, audience: AUDIENCE, secret: SECRET, replayStore }
    await verifyToken(token, { ...options, nonce: STATE })
    expect(await replayStore.markUsed(JSON.parse(atob(token.split('.')[1]!)).jti, 1e12)).toBe(false)
  })

  it('rejects bad options with invalid_options', async () => {
    expect(
      await codeOf(verifyToken('a.b.c', { issuer: ISSUER, audience: AUDIENCE, nonce: STATE })),
    ).toBe('invalid_options')
  })
})

describe('asymmetric keys from a JWKS', () => {
  let es256: SigningKey
  let rs256: SigningKey
  let eddsa: SigningKey
  let jwks: JwksServer

  beforeAll(async () => {
    es256 = await signingKey('ES256')
    rs256 = await signingKey('RS256')
    eddsa = await signingKey('EdDSA')
    jwks = await startJwksServer([es256.publicJwk, rs256.publicJwk, eddsa.publicJwk])
  })
  afterAll(() => jwks.close())

  it('accepts a good ES256 token (the default algorithm with a JWKS)', async () => {
    const verify = createVerifier({ issuer: ISSUER, audience: AUDIENCE, jwksUrl: jwks.url })
    const token = await signWith(claims(), es256.privateKey, { alg: 'ES256', kid: es256.kid })
    await expect(verify(token, { nonce: STATE })).resolves.toMatchObject({ sub: 'user-123' })
  })

  it('accepts RS256 and EdDSA when allowed', async () => {
    const verify = createVerifier({
      issuer: ISSUER,
      audience: AUDIENCE,
      jwksUrl: new URL(jwks.url),
      algorithms: ['RS256', 'EdDSA'],
    })
    const rs = await signWith(claims(), rs256.privateKey, { alg: 'RS256', kid: rs256.kid })
    const ed = await signWith(claims(), eddsa.privateKey, { alg: 'EdDSA', kid: eddsa.kid })
    await expect(verify(rs, { nonce: STATE })).resolves.toMatchObject({ sub: 'user-123' })
    await expect(verify(ed, { nonce: STATE })).resolves.toMatchObject({ sub: 'user-123' })
  })

  it('fetches the key set once for many verifiers of the same URL', async () => {
    const before = jwks.requests()
    for (let i = 0; i < 3; i++) {
      const verify = createVerifier({ issuer: ISSUER, audience: AUDIENCE, jwksUrl: jwks.url })
      const token = await signWith(claims(), es256.privateKey, { alg: 'ES256', kid: es256.kid })
      await verify(token, { nonce: STATE })
    }
    expect(jwks.requests() - before).toBeLessThanOrEqual(1)
  })

  it('refuses an algorithm that is in the JWKS but not allowed', async () => {
    const verify = createVerifier({ issuer: ISSUER, audience: AUDIENCE, jwksUrl: jwks.url })
    const token = await signWith(claims(), rs256.privateKey, { alg: 'RS256', kid: rs256.kid })
    expect(await codeOf(verify(token, { nonce: STATE }))).toBe('alg_not_allowed')
  })

  it('refuses a token signed by a key that is not in the JWKS', async () => {
    const verify = createVerifier({ issuer: ISSUER, audience: AUDIENCE, jwksUrl: jwks.url })
    const stranger = await signingKey('ES256', es256.kid)
    const token = await signWith(claims(), stranger.privateKey, { alg: 'ES256', kid: es256.kid })
    expect(await codeOf(verify(token, { nonce: STATE }))).toBe('signature_invalid')
  })

  it('refuses a token whose kid is unknown', async () => {
    const verify = createVerifier({ issuer: ISSUER, audience: AUDIENCE, jwksUrl: jwks.url })
    const token = await signWith(claims(), es256.privateKey, { alg: 'ES256', kid: 'nope' })
    expect(await codeOf(verify(token, { nonce: STATE }))).toBe('signature_invalid')
  })

  it('reports jwks_unavailable when the key set cannot be fetched', async () => {
    const down = await startJwksServer([])
    await down.close()
    const verify = createVerifier({ issuer: ISSUER, audience: AUDIENCE, jwksUrl: down.url })
    const token = await signWith(claims(), es256.privateKey, { alg: 'ES256', kid: es256.kid })
    expect(await codeOf(verify(token, { nonce: STATE }))).toBe('jwks_unavailable')
  })

  it('reports jwks_unavailable when the key set URL answers 404', async () => {
    const url = jwks.url.replace('/.well-known/jwks.json', '/missing')
    const verify = createVerifier({ issuer: ISSUER, audience: AUDIENCE, jwksUrl: url })
    const token = await signWith(claims(), es256.privateKey, { alg: 'ES256', kid: es256.kid })
    expect(await codeOf(verify(token, { nonce: STATE }))).toBe('jwks_unavailable')
  })
})
