import { describe, expect, it } from 'vitest'
import { createCallbackHandler } from './callback-handler.js'
import { MemoryReplayStore } from './memory-replay-store.js'
import { AUDIENCE, codeOfSync, ISSUER, SECRET } from './test-support.js'
import { createVerifier } from './verifier.js'
import type { VerifyOptions } from './verify-options.js'

const jwksUrl = 'https://bridge.example/.well-known/jwks.json'

describe('options are checked when the verifier is created', () => {
  const bad: [string, Partial<VerifyOptions> & Record<string, unknown>][] = [
    ['both secret and jwksUrl', { secret: SECRET, jwksUrl }],
    ['neither secret nor jwksUrl', {}],
    ['a secret shorter than 32 bytes', { secret: 'too-short-secret' }],
    ['a byte secret shorter than 32 bytes', { secret: new Uint8Array(31) }],
    ['an empty secret', { secret: '' }],
    ['a secret of the wrong type', { secret: 42 as unknown as string }],
    ['HS256 with a JWKS', { jwksUrl, algorithms: ['HS256'] }],
    ['ES256 with a secret', { secret: SECRET, algorithms: ['ES256'] }],
    ['RS256 next to HS256 with a secret', { secret: SECRET, algorithms: ['HS256', 'RS256'] }],
    ['alg none', { jwksUrl, algorithms: ['none' as 'ES256'] }],
    ['an empty algorithm list', { secret: SECRET, algorithms: [] }],
    ['a jwksUrl over plain http', { jwksUrl: 'http://bridge.example/.well-known/jwks.json' }],
    ['a relative jwksUrl', { jwksUrl: '/.well-known/jwks.json' }],
    ['a jwksUrl with credentials', { jwksUrl: 'https://u:p@bridge.example/jwks.json' }],
    ['an empty issuer', { secret: SECRET, issuer: '' }],
    ['an empty audience', { secret: SECRET, audience: '' }],
    ['a negative clock tolerance', { secret: SECRET, clockToleranceSeconds: -1 }],
    ['a zero max token age', { secret: SECRET, maxTokenAgeSeconds: 0 }],
    ['a replay store without markUsed', { secret: SECRET, replayStore: {} as never }],
  ]
  for (const [name, options] of bad) {
    it(`refuses ${name}`, () => {
      const run = () => createVerifier({ issuer: ISSUER, audience: AUDIENCE, ...options })
      expect(codeOfSync(run)).toBe('invalid_options')
    })
  }

  it('refuses missing options', () => {
    expect(codeOfSync(() => createVerifier(undefined as unknown as VerifyOptions))).toBe(
      'invalid_options',
    )
  })

  it('accepts http JWKS URLs on loopback, for development', () => {
    for (const host of ['localhost', '127.0.0.1', '[::1]']) {
      const url = `http://${host}:4000/.well-known/jwks.json`
      expect(
        codeOfSync(() => createVerifier({ issuer: ISSUER, audience: AUDIENCE, jwksUrl: url })),
      ).toBe('returned')
    }
  })

  it('refuses an invalid state cookie name', () => {
    const run = () =>
      createCallbackHandler({
        issuer: ISSUER,
        audience: AUDIENCE,
        secret: SECRET,
        stateCookieName: 'a b;',
      })
    expect(codeOfSync(run)).toBe('invalid_options')
  })

  it('refuses an app id that cannot be part of a cookie name', () => {
    const run = () => createCallbackHandler({ issuer: ISSUER, audience: 'my app', secret: SECRET })
    expect(codeOfSync(run)).toBe('invalid_options')
  })

  it('refuses a MemoryReplayStore without room', () => {
    expect(codeOfSync(() => new MemoryReplayStore({ maxEntries: 0 }))).toBe('invalid_options')
  })
})
