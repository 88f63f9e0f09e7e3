import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createKeystore, JWKS_MAX_AGE_SECONDS } from '../keys/keystore.js'
import { MAX_TOKEN_LIFETIME_SECONDS } from '../keys/max-token-lifetime.js'
import { createSecretBox } from '../keys/secret-box.js'
import { manualClock } from '../storage/storage.conformance.js'
import { memoryStorage, testConfig, testEnv } from '../testing/bridge-fixture.js'
import { ConfigError, parseConfig } from './load-config.js'

// Key retirement is sized for the longest token the config lets an app ask for: if the two ever
// differed, tokens would outlive the key sites verify them with.

const withApp = (overrides: Record<string, unknown>) => {
  const config = testConfig()
  const crm = {
    id: 'crm',
    callbackUrls: ['https://crm.example/oidc/callback'],
    connections: ['staff'],
    signing: { alg: 'RS256' },
  }
  return { ...config, apps: [...config.apps, { ...crm, ...overrides }] }
}

/** The paths of the fields the config refuses. */
function issuesOf(raw: unknown): string[] {
  try {
    parseConfig(raw, testEnv)
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map((issue) => issue.split(': ')[0]!)
    throw error
  }
  return []
}

describe('the longest token lifetime', () => {
  it('is the most the config allows for an app token and for an OpenID access token', () => {
    const longest = MAX_TOKEN_LIFETIME_SECONDS
    const app = `apps[${testConfig().apps.length}]`
    expect(issuesOf(withApp({ tokenTtl: longest }))).toEqual([])
    expect(issuesOf(withApp({ tokenTtl: longest + 1 }))).toEqual([`${app}.tokenTtl`])
    expect(issuesOf(withApp({ oidc: { accessTokenTtl: longest } }))).toEqual([])
    expect(issuesOf(withApp({ oidc: { accessTokenTtl: longest + 1 } }))).toEqual([
      `${app}.oidc.accessTokenTtl`,
    ])
  })

  it('keeps a retired key published until a token of that lifetime, signed last, expired', async () => {
    const clock = manualClock()
    const storage = await memoryStorage(clock.now)
    const box = createSecretBox(randomBytes(32))
    const keystore = createKeystore(storage, box, clock.now)
    const old = await keystore.signingKey('ES256')
    await keystore.rotate('ES256', JWKS_MAX_AGE_SECONDS)
    // Another process reads the active key just before the new one takes over, then trusts its
    // cached answer for as long as it may: its last token with the old key is signed then.
    clock.advance(JWKS_MAX_AGE_SECONDS * 1000 - 1)
    const cachedElsewhere = createKeystore(storage, box, clock.now)
    expect((await cachedElsewhere.signingKey('ES256')).kid).toBe(old.kid)
    clock.advance(1)
    const retiredAt = clock.now()
    expect((await keystore.signingKey('ES256')).kid).not.toBe(old.kid)
    let lastSignedAt = retiredAt
    while ((await cachedElsewhere.signingKey('ES256')).kid === old.kid) {
      lastSignedAt = clock.now()
      clock.advance(1_000)
    }
    expect(lastSignedAt).toBeGreaterThan(retiredAt)
    clock.advance(lastSignedAt + MAX_TOKEN_LIFETIME_SECONDS * 1000 - clock.now())
    const published = (await keystore.jwks()).keys.map((k) => k.kid)
    expect(published).toContain(old.kid)
  })
})
