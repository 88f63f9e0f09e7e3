import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { testConfig, testEnv } from '../testing/bridge-fixture.js'
import { ConfigError, loadConfigFile, parseConfig } from './load-config.js'

function issuesOf(raw: unknown, env: Record<string, string> = testEnv): string[] {
  try {
    parseConfig(raw, env)
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError)
    expect((error as ConfigError).code).toBe('invalid_config')
    return (error as ConfigError).issues
  }
  throw new Error('the config was accepted')
}

const app = (overrides: Record<string, unknown>) => {
  const config = testConfig()
  return { ...config, apps: [{ ...config.apps[0], ...overrides }] }
}

describe('config', () => {
  it('accepts the documented shape, resolves env: secrets and fills defaults', () => {
    const config = parseConfig(testConfig(), testEnv)
    expect(config.apps[0]).toMatchObject({ tokenTtl: 120, delivery: 'form_post' })
    expect(config.apps[0]?.signing).toEqual({ alg: 'HS256', secret: testEnv.SHOP_SSO_SECRET })
    expect(config.users[0]?.password).toBe(testEnv.ALICE_PASSWORD)
    expect(config.sessionTtl).toBe(8 * 3600)
  })

  it('reports the path of every bad field at once', () => {
    const config = testConfig()
    const issues = issuesOf({
      ...config,
      surprise: true,
      apps: [
        {
          ...config.apps[0],
          callbackUrls: ['http://shop.example/cb'],
          signing: { alg: 'HS256', secret: 'short' },
        },
        { ...config.apps[1], connections: ['staff', 'ghost'] },
      ],
    })
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\(root\): .*surprise/),
        expect.stringMatching(/^apps\[0\]\.callbackUrls\[0\]: .*https/),
        expect.stringMatching(/^apps\[0\]\.signing\.secret: .*32 bytes/),
      ]),
    )
    // Cross-references are checked once the shapes are right.
    expect(
      issuesOf({ ...config, apps: [{ ...config.apps[1], connections: ['staff', 'ghost'] }] }),
    ).toEqual(['apps[0].connections[1]: no connection with id "ghost"'])
  })

  it.each([
    ['unknown key in an app', app({ colour: 'red' }), /^apps\[0\]: .*colour/],
    [
      'http on a public host',
      app({ callbackUrls: ['http://shop.example/cb'] }),
      /^apps\[0\]\.callbackUrls\[0\]: .*https/,
    ],
    ['a relative callback', app({ callbackUrls: ['/cb'] }), /absolute URL/],
    ['a fragment', app({ callbackUrls: ['https://shop.example/cb#x'] }), /fragment/],
    ['credentials', app({ callbackUrls: ['https://u:p@shop.example/cb'] }), /user name/],
    [
      'a non-canonical URL',
      app({ callbackUrls: ['https://Shop.example/cb'] }),
      /exactly as https:\/\/shop\.example\/cb/,
    ],
    ['a javascript: URL', app({ callbackUrls: ['javascript:alert(1)'] }), /https/],
    [
      'a short HS256 secret',
      app({ signing: { alg: 'HS256', secret: 'x'.repeat(31) } }),
      /signing\.secret: .*32 bytes/,
    ],
    ['alg none', app({ signing: { alg: 'none' } }), /^apps\[0\]\.signing\.alg/],
    ['a too long token lifetime', app({ tokenTtl: 86400 }), /^apps\[0\]\.tokenTtl/],
    ['a bad app id', app({ id: 'Shop App' }), /^apps\[0\]\.id/],
    ['an unknown connection', app({ connections: ['ghost'] }), /no connection with id "ghost"/],
    [
      'an unknown connection type',
      { ...testConfig(), connections: [{ id: 'x', type: 'ldap' }] },
      /^connections\[0\]\.type/,
    ],
    [
      'a missing env secret',
      app({ signing: { alg: 'HS256', secret: 'env:NOPE' } }),
      /environment variable NOPE is not set/,
    ],
    [
      'an issuer with a path',
      { ...testConfig(), issuer: 'https://sso.example/x' },
      /^issuer: .*origin/,
    ],
    [
      'a duplicate app',
      { ...testConfig(), apps: [testConfig().apps[0], testConfig().apps[0]] },
      /^apps\[1\]\.id: duplicate/,
    ],
  ])('refuses %s', (_, raw, pattern) => {
    expect(issuesOf(raw)).toEqual(expect.arrayContaining([expect.stringMatching(pattern)]))
  })

  it('refuses users of a connection that is not local or does not exist', () => {
    const config = testConfig()
    const issues = issuesOf({
      ...config,
      users: [{ email: 'a@example.com', password: 'long-enough', connection: 'ghost' }],
    })
    expect(issues).toEqual(['users[0].connection: "ghost" is not a local connection of this file'])
  })

  it('reads YAML and JSON files and names unreadable ones', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ssobridge-config-'))
    const yaml = join(dir, 'c.yaml')
    writeFileSync(
      yaml,
      'issuer: http://localhost:4000\nconnections:\n  - { id: staff, type: local }\n',
    )
    expect(loadConfigFile(yaml, {}).connections).toEqual([
      {
        id: 'staff',
        type: 'local',
        mfa: 'off',
        signup: 'off',
        passwordless: 'off',
        requireVerifiedEmail: false,
      },
    ])
    const json = join(dir, 'c.json')
    writeFileSync(json, JSON.stringify({ issuer: 'https://sso.example' }))
    expect(loadConfigFile(json, {}).issuer).toBe('https://sso.example')
    const broken = join(dir, 'broken.yaml')
    writeFileSync(broken, 'issuer: [unclosed')
    expect(() => loadConfigFile(broken, {})).toThrow(ConfigError)
    const dupes = join(dir, 'dupes.yaml')
    writeFileSync(dupes, 'issuer: https://a.example\nissuer: https://b.example\n')
    expect(() => loadConfigFile(dupes, {})).toThrow(ConfigError)
    expect(() => loadConfigFile(join(dir, 'missing.yaml'), {})).toThrow(
      `config file ${join(dir, 'missing.yaml')} does not exist`,
    )
    expect(() => loadConfigFile(dir, {})).toThrow(`config file ${dir} is a folder, not a file`)
  })

  it('reads file: secrets relative to the config file, trims one newline, and names bad files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ssobridge-config-'))
    mkdirSync(join(dir, 'secrets'))
    writeFileSync(join(dir, 'secrets', 'shop'), `${testEnv.SHOP_SSO_SECRET}\n`)
    writeFileSync(join(dir, 'alice'), testEnv.ALICE_PASSWORD)
    const config = testConfig()
    config.apps[0]!.signing = { alg: 'HS256', secret: 'file:secrets/shop' }
    config.users[0]!.password = `file:${join(dir, 'alice')}`
    const file = join(dir, 'c.json')
    writeFileSync(file, JSON.stringify(config))
    const loaded = loadConfigFile(file, {})
    expect(loaded.apps[0]?.signing).toEqual({ alg: 'HS256', secret: testEnv.SHOP_SSO_SECRET })
    expect(loaded.users[0]?.password).toBe(testEnv.ALICE_PASSWORD)

    writeFileSync(join(dir, 'empty'), '\n')
    config.apps[0]!.signing = { alg: 'HS256', secret: 'file:missing' }
    config.users[0]!.password = 'file:empty'
    writeFileSync(file, JSON.stringify(config))
    let issues: string[] = []
    try {
      loadConfigFile(file, {})
    } catch (error) {
      issues = (error as ConfigError).issues
    }
    expect(issues).toEqual([
      `apps[0].signing.secret: cannot read secret file ${join(dir, 'missing')} (ENOENT)`,
      `users[0].password: secret file ${join(dir, 'empty')} is empty`,
    ])
  })
})

describe('an OIDC issuer that is not a URL', () => {
  it('is refused as a config error naming the field, not thrown as a TypeError', () => {
    for (const issuer of ['not a url', 'https//idp', '']) {
      const run = () =>
        parseConfig(
          testConfig({
            connections: [
              { id: 'staff', type: 'local' },
              {
                id: 'corp',
                type: 'oidc',
                issuer,
                clientId: 'bridge',
                clientSecret: 's3cret-s3cret',
              },
            ],
          }),
          testEnv,
        )
      expect(run, issuer).toThrow(ConfigError)
      expect(run, issuer).toThrow(/connections\[1\]\.issuer: /)
    }
  })
})
