/**
 * What the config refuses of a preset app, at the exact field and with the words an admin reads:
 * privilege fields mapped from attributes, the wrong kind of key for the platform, settings of
 * another platform, lifetimes the platform does not take; and that applying it twice changes
 * nothing, sealed keys and tokens included.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto'
import { decodeProtectedHeader, jwtVerify } from 'jose'
import { describe, expect, it } from 'vitest'
import { createSecretBox } from '../keys/secret-box.js'
import { createTestBridge, memoryStorage, testConfig, testEnv } from '../testing/bridge-fixture.js'
import { destination, signInAt } from '../testing/integration-fixture.js'
import { MINTLIFY_KEY, PRESET_SECRET } from '../testing/preset-apps.js'
import { applyConfig } from './apply-config.js'
import { ConfigError, parseConfig } from './load-config.js'

const BIGCOMMERCE_PLATFORM = {
  clientId: 'client-1',
  storeHash: 'abc123',
  apiToken: 'api-token-0123456789',
}

/** The app an admin writes for `preset`, with the key its platform takes. */
function presetApp(preset: string, overrides: Record<string, unknown> = {}) {
  const signing =
    preset === 'mintlify'
      ? { privateKey: MINTLIFY_KEY }
      : preset === 'freshworks'
        ? { alg: 'RS256' }
        : { secret: PRESET_SECRET }
  return {
    id: 'platform',
    preset,
    callbackUrls: ['https://platform.example/callback'],
    connections: ['staff'],
    signing,
    ...(preset === 'bigcommerce' ? { platform: BIGCOMMERCE_PLATFORM } : {}),
    ...overrides,
  }
}

const withApps = (...apps: Record<string, unknown>[]) => ({ ...testConfig(), apps })

const parse = (app: Record<string, unknown>) => parseConfig(withApps(app), testEnv).apps[0]!

function issuesOf(app: Record<string, unknown>): string[] {
  try {
    parseConfig(withApps(app), testEnv)
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError)
    expect((error as ConfigError).code).toBe('invalid_config')
    return (error as ConfigError).issues
  }
  throw new Error('the config was accepted')
}

const rightsIssue = (claim: string, preset: string) =>
  `apps[0].claims.${claim}: grants rights on ${preset}: it can only be set as a fixed value ({ value: … }), never from user attributes`

describe('preset config: privilege fields', () => {
  it.each([
    ['readme', 'isAdmin', 'email'],
    ['readme', 'isAdmin', ['email_verified']],
    ['discourse', 'admin', ['groups']],
    ['discourse', 'moderator', 'email_verified'],
    ['discourse', 'groups', 'groups'],
    ['discourse', 'add_groups', ['groups']],
    ['discourse', 'remove_groups', 'groups'],
    ['zendesk', 'role', 'name'],
  ])('%s: %s mapped from %j is refused', (preset, claim, from) => {
    expect(issuesOf(presetApp(preset, { claims: { [claim]: from } }))).toEqual([
      rightsIssue(claim, preset),
    ])
  })

  it.each([
    ['readme', 'isAdmin', { value: false }],
    ['readme', 'isAdmin', null],
    ['discourse', 'admin', { value: false }],
    ['discourse', 'groups', { value: ['staff', 'beta'] }],
    ['zendesk', 'role', { value: 'end-user' }],
  ])('%s: %s as %j is accepted', (preset, claim, rule) => {
    expect(parse(presetApp(preset, { claims: { [claim]: rule } })).claims).toEqual({
      [claim]: rule,
    })
  })

  it('maps the same claim name from attributes on a preset where it grants nothing', () => {
    expect(parse(presetApp('thinkific', { claims: { role: 'name' } })).claims).toEqual({
      role: { from: ['name'] },
    })
  })
})

describe('preset config: the key the platform checks with', () => {
  const rsaPem = String(
    generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
      type: 'pkcs8',
      format: 'pem',
    }),
  )
  const garbagePem = '-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n'

  it.each([
    ['a secret', { secret: PRESET_SECRET }],
    ['ES256', { alg: 'ES256' }],
    ['RS256 and a secret', { alg: 'RS256', secret: PRESET_SECRET }],
  ])('freshworks with %s is refused', (_, signing) => {
    expect(issuesOf(presetApp('freshworks', { signing }))).toContain(
      "apps[0].signing.alg: the freshworks preset signs with the bridge's RS256 key: signing: { alg: RS256 }",
    )
  })

  it('mintlify with a secret is refused', () => {
    expect(issuesOf(presetApp('mintlify', { signing: { secret: PRESET_SECRET } }))).toEqual([
      'apps[0].signing.privateKey: the mintlify preset needs the private key Mintlify generated (PKCS#8 PEM)',
    ])
  })

  it.each([
    ['an RSA private key', rsaPem],
    ['garbage PEM', garbagePem],
    ['no PEM at all', 'not-a-key-0123456789'],
  ])('mintlify with %s is refused', (_, privateKey) => {
    expect(issuesOf(presetApp('mintlify', { signing: { privateKey } }))).toEqual([
      'apps[0].signing.privateKey: must be an Ed25519 private key in PKCS#8 PEM',
    ])
  })

  it('discourse with alg RS256 is refused', () => {
    expect(issuesOf(presetApp('discourse', { signing: { alg: 'RS256' } }))).toEqual([
      'apps[0].signing.alg: Discourse takes HS256 with its secret only',
    ])
    expect(
      issuesOf(presetApp('discourse', { signing: { alg: 'RS256', secret: PRESET_SECRET } })),
    ).toContain("apps[0].signing.secret: RS256 signs with the bridge's key: no secret")
  })

  it('thinkific with HS512 is refused', () => {
    expect(
      issuesOf(presetApp('thinkific', { signing: { alg: 'HS512', secret: PRESET_SECRET } })),
    ).toEqual(['apps[0].signing.alg: Thinkific takes HS256 with its secret only'])
  })

  it('a preset secret under 10 bytes is refused; 10 bytes is accepted', () => {
    expect(issuesOf(presetApp('discourse', { signing: { secret: '123456789' } }))).toEqual([
      'apps[0].signing.secret: must be at least 10 bytes',
    ])
    expect(parse(presetApp('discourse', { signing: { secret: '1234567890' } })).signing).toEqual({
      alg: 'HS256',
      secret: '1234567890',
    })
  })

  it('a preset that needs a secret refuses an app without one', () => {
    expect(issuesOf(presetApp('zendesk', { signing: { alg: 'ES256' } }))).toEqual([
      'apps[0].signing.alg: Zendesk takes HS256 with its secret only',
    ])
  })
})

describe('config: an app without a preset', () => {
  const app = (signing: Record<string, unknown>) =>
    presetApp('thinkific', { preset: undefined, signing })

  it.each([
    [
      'a privateKey',
      { alg: 'EdDSA', privateKey: MINTLIFY_KEY },
      'apps[0].signing.privateKey: only presets sign with a key their platform issued',
    ],
    ['a secret without alg', { secret: 'x'.repeat(32) }, 'apps[0].signing.alg: name the algorithm'],
    [
      'HS512',
      { alg: 'HS512', secret: 'x'.repeat(32) },
      'apps[0].signing.alg: HS512 is for the helpscout-docs preset only',
    ],
    [
      'a 31-byte secret',
      { alg: 'HS256', secret: 'x'.repeat(31) },
      'apps[0].signing.secret: HS256 secrets must be at least 32 bytes (use 32 random bytes)',
    ],
  ])('refuses %s', (_, signing, issue) => {
    expect(issuesOf(app(signing))).toEqual([issue])
  })

  it('accepts a 32-byte HS256 secret', () => {
    expect(parse(app({ alg: 'HS256', secret: 'x'.repeat(32) })).signing.alg).toBe('HS256')
  })
})

describe('preset config: platform settings', () => {
  it.each([
    ['thinkific', { clientId: 'c' }, 'clientId', 'thinkific'],
    ['mintlify', { storeHash: 'abc123' }, 'storeHash', 'mintlify'],
    ['bigcommerce', { ...BIGCOMMERCE_PLATFORM, sessionTtl: 3600 }, 'sessionTtl', 'bigcommerce'],
    ['discourse', { createCustomers: true }, 'createCustomers', 'discourse'],
  ])('%s refuses %j', (preset, platform, field, named) => {
    expect(issuesOf(presetApp(preset, { platform }))).toEqual([
      `apps[0].platform.${field}: is not a setting of ${named}`,
    ])
  })

  it('an app without a preset takes no platform settings', () => {
    expect(
      issuesOf(
        presetApp('thinkific', {
          preset: undefined,
          signing: { alg: 'HS256', secret: 'x'.repeat(32) },
          platform: { sessionTtl: 3600 },
        }),
      ),
    ).toEqual(['apps[0].platform.sessionTtl: is not a setting of an app without a preset'])
  })

  it.each(['clientId', 'storeHash', 'apiToken'] as const)('bigcommerce requires %s', (field) => {
    const { [field]: _, ...platform } = BIGCOMMERCE_PLATFORM
    expect(issuesOf(presetApp('bigcommerce', { platform }))).toEqual([
      `apps[0].platform.${field}: is required: the bigcommerce preset looks customers up with it`,
    ])
  })

  it('bigcommerce without any platform block names all three', () => {
    expect(issuesOf(presetApp('bigcommerce', { platform: undefined }))).toEqual(
      ['clientId', 'storeHash', 'apiToken'].map(
        (f) =>
          `apps[0].platform.${f}: is required: the bigcommerce preset looks customers up with it`,
      ),
    )
  })
})

describe('preset config: token lifetimes', () => {
  it('mintlify takes at most 10 s and defaults to 10', () => {
    expect(issuesOf(presetApp('mintlify', { tokenTtl: 60 }))).toEqual([
      'apps[0].tokenTtl: Mintlify takes tokens of at most 10 s',
    ])
    expect(parse(presetApp('mintlify')).tokenTtl).toBe(10)
  })

  it('bigcommerce takes at most 30 s and defaults to 30', () => {
    expect(issuesOf(presetApp('bigcommerce', { tokenTtl: 31 }))).toEqual([
      'apps[0].tokenTtl: BigCommerce takes tokens of at most 30 s',
    ])
    expect(parse(presetApp('bigcommerce')).tokenTtl).toBe(30)
    expect(parse(presetApp('bigcommerce', { tokenTtl: 20 })).tokenTtl).toBe(20)
  })

  it('a preset without a maximum takes the usual lifetimes', () => {
    expect(parse(presetApp('thinkific')).tokenTtl).toBe(120)
    expect(parse(presetApp('thinkific', { tokenTtl: 600 })).tokenTtl).toBe(600)
  })
})

describe('preset config: Help Scout signs HS512', () => {
  async function tokenOf(signing: Record<string, unknown>) {
    const base = testConfig()
    const app = {
      ...presetApp('helpscout-docs', { id: 'help', signing }),
      callbackUrls: ['https://help.example/authcallback'],
    }
    const bridge = await createTestBridge({ config: { ...base, apps: [...base.apps, app] } })
    const url = await destination(await signInAt(bridge.browser(), { app: 'help' }))
    expect(url.origin + url.pathname).toBe('https://help.example/authcallback')
    return url.searchParams.get('token') as string
  }

  it.each([
    ['by default', { secret: PRESET_SECRET }, 'HS512'],
    ['when named', { alg: 'HS512', secret: PRESET_SECRET }, 'HS512'],
    ['or HS256 when named', { alg: 'HS256', secret: PRESET_SECRET }, 'HS256'],
  ])('%s', async (_, signing, alg) => {
    const token = await tokenOf(signing)
    expect(decodeProtectedHeader(token)).toMatchObject({ alg, typ: 'JWT' })
    const { payload } = await jwtVerify(token, new TextEncoder().encode(PRESET_SECRET), {
      algorithms: [alg],
    })
    expect(payload.email).toBe('alice@example.com')
  })
})

describe('preset config: applying it twice', () => {
  const apps = () => [
    presetApp('bigcommerce', { id: 'store' }),
    presetApp('mintlify', { id: 'docs' }),
    presetApp('discourse', { id: 'forum' }),
    presetApp('helpscout-docs', { id: 'help' }),
  ]

  it('changes nothing the second time, sealed key and API token included', async () => {
    const storage = await memoryStorage()
    const box = createSecretBox(randomBytes(32))
    const config = parseConfig(withApps(...apps()), testEnv)
    expect(await applyConfig(storage, box, config)).toEqual(
      expect.arrayContaining(['created app store', 'created app docs', 'created app forum']),
    )
    const snapshot = JSON.stringify(await storage.list('app'))
    expect(snapshot).not.toContain(BIGCOMMERCE_PLATFORM.apiToken)
    expect(snapshot).not.toContain('PRIVATE KEY')
    expect(await applyConfig(storage, box, parseConfig(withApps(...apps()), testEnv))).toEqual([])
    expect(JSON.stringify(await storage.list('app'))).toBe(snapshot)
  })

  it.each([
    ['the API token', { platform: { ...BIGCOMMERCE_PLATFORM, apiToken: 'another-api-token-1' } }],
    ['createCustomers', { platform: { ...BIGCOMMERCE_PLATFORM, createCustomers: true } }],
  ])('updates the store when %s changes', async (_, change) => {
    const storage = await memoryStorage()
    const box = createSecretBox(randomBytes(32))
    await applyConfig(storage, box, parseConfig(withApps(...apps()), testEnv))
    const [store, ...others] = apps()
    const changed = parseConfig(withApps({ ...store, ...change }, ...others), testEnv)
    expect(await applyConfig(storage, box, changed)).toEqual(['updated app store'])
  })

  it('updates the docs app when its Mintlify key changes', async () => {
    const storage = await memoryStorage()
    const box = createSecretBox(randomBytes(32))
    await applyConfig(storage, box, parseConfig(withApps(...apps()), testEnv))
    const otherKey = String(
      generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }),
    )
    const [store, docs, ...others] = apps()
    const changed = parseConfig(
      withApps(store!, { ...docs, signing: { privateKey: otherKey } }, ...others),
      testEnv,
    )
    expect(await applyConfig(storage, box, changed)).toEqual(['updated app docs'])
  })
})
