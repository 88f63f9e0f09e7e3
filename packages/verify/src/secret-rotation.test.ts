import { describe, expect, it } from 'vitest'
import { verifyLogoutToken } from './logout-token.js'
import {
  AUDIENCE,
  claims,
  codeOf,
  codeOfSync,
  ISSUER,
  nowSeconds,
  SECRET,
  signHs256,
  STATE,
} from './test-support.js'
import { createVerifier } from './verifier.js'

const NEW_SECRET = 'the-new-secret-after-rotation-is-also-32-bytes+'
const THIRD_SECRET = 'a-third-secret-nobody-configured-of-32-bytes!!'

describe('HS256 with two secrets (a rotation grace period)', () => {
  const verify = () =>
    createVerifier({ issuer: ISSUER, audience: AUDIENCE, secret: [NEW_SECRET, SECRET] })

  it('accepts a token signed with the new secret', async () => {
    const token = await signHs256(claims(), NEW_SECRET)
    await expect(verify()(token, { nonce: STATE })).resolves.toMatchObject({ sub: 'user-123' })
  })

  it('accepts a token signed with the old secret', async () => {
    const token = await signHs256(claims(), SECRET)
    await expect(verify()(token, { nonce: STATE })).resolves.toMatchObject({ sub: 'user-123' })
  })

  it('accepts secrets given as bytes', async () => {
    const bytes = new Uint8Array(32).fill(9)
    const v = createVerifier({ issuer: ISSUER, audience: AUDIENCE, secret: [SECRET, bytes] })
    const token = await signHs256(claims(), bytes)
    await expect(v(token, { nonce: STATE })).resolves.toMatchObject({ sub: 'user-123' })
  })

  it('refuses a token signed with a third secret', async () => {
    const token = await signHs256(claims(), THIRD_SECRET)
    expect(await codeOf(verify()(token, { nonce: STATE }))).toBe('signature_invalid')
  })

  it('reports a claim failure of a token signed with the second secret as such', async () => {
    const token = await signHs256(claims({ aud: 'blog' }), SECRET)
    expect(await codeOf(verify()(token, { nonce: STATE }))).toBe('claim_invalid')
  })

  it('spends the jti once, whichever secret signed it', async () => {
    const v = verify()
    const token = await signHs256(claims(), SECRET)
    await v(token, { nonce: STATE })
    expect(await codeOf(v(token, { nonce: STATE }))).toBe('token_replayed')
  })

  it('verifies logout tokens with either secret', async () => {
    const iat = nowSeconds()
    const payload = {
      iss: ISSUER,
      aud: AUDIENCE,
      iat,
      exp: iat + 120,
      jti: 'logout-jti-rotation',
      sid: 'sid-1',
      events: { 'http://schemas.openid.net/event/backchannel-logout': {} },
    }
    const token = await signHs256(payload, SECRET, { typ: 'logout+jwt' })
    const options = { issuer: ISSUER, audience: AUDIENCE, secret: [NEW_SECRET, SECRET] }
    await expect(verifyLogoutToken(token, options)).resolves.toMatchObject({ sid: 'sid-1' })
  })

  const bad: [string, unknown][] = [
    ['an empty list', []],
    ['a short secret next to a good one', [SECRET, 'too-short-secret']],
    ['a byte secret shorter than 32 bytes in the list', [new Uint8Array(31), SECRET]],
    ['a number in the list', [SECRET, 42]],
  ]
  for (const [name, secret] of bad) {
    it(`refuses ${name}`, () => {
      const run = () =>
        createVerifier({ issuer: ISSUER, audience: AUDIENCE, secret: secret as string[] })
      expect(codeOfSync(run)).toBe('invalid_options')
    })
  }
})
