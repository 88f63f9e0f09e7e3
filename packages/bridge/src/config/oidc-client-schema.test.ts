import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { appAsConfig } from '../admin/config-views.js'
import { getApp } from '../domain/apps.js'
import { createSecretBox } from '../keys/secret-box.js'
import { memoryStorage, testConfig, testEnv } from '../testing/bridge-fixture.js'
import { applyConfig } from './apply-config.js'
import { ConfigError, parseConfig } from './load-config.js'
import { keepOidcClientSecret } from './oidc-client-schema.js'

const SECRET = 'crm-client-secret-0123456789abcdefghij'

function withApps(...apps: Record<string, unknown>[]) {
  const base = testConfig()
  return { ...base, apps: [...base.apps, ...apps] }
}

const app = (oidc: unknown, signing: Record<string, unknown> = { alg: 'RS256' }) => ({
  id: 'crm',
  callbackUrls: ['https://crm.example/oidc/callback'],
  connections: ['staff'],
  signing,
  oidc,
})

function issues(raw: unknown, env: Record<string, string> = {}): string[] {
  try {
    parseConfig(raw, { ...testEnv, ...env })
  } catch (error) {
    if (error instanceof ConfigError) return error.issues
    throw error
  }
  return []
}

describe('the oidc field of an app', () => {
  it('oidc: true makes a public client; a secret makes a confidential one, sealed', async () => {
    const storage = await memoryStorage()
    const box = createSecretBox(randomBytes(32))
    const config = parseConfig(
      withApps(
        { ...app(true), id: 'notes' },
        app({ clientSecret: 'env:CRM_SECRET', refreshTokens: true }),
      ),
      { ...testEnv, CRM_SECRET: SECRET },
    )
    await applyConfig(storage, box, config)
    expect((await getApp(storage, 'notes'))?.oidc).toEqual({
      tokenEndpointAuthMethod: 'none',
      postLogoutRedirectUris: [],
      refreshTokens: false,
      accessTokenTtl: 300,
    })
    const crm = await getApp(storage, 'crm')
    expect(crm?.oidc).toMatchObject({
      tokenEndpointAuthMethod: 'client_secret_basic',
      refreshTokens: true,
    })
    expect(JSON.stringify(await storage.list('app'))).not.toContain(SECRET)
    // Applying the same file again changes nothing; another secret is a change.
    expect(await applyConfig(storage, box, config)).toEqual([])
    const rotated = parseConfig(
      withApps(
        { ...app(true), id: 'notes' },
        app({ clientSecret: 'env:CRM_SECRET', refreshTokens: true }),
      ),
      { ...testEnv, CRM_SECRET: `${SECRET}-2` },
    )
    expect(await applyConfig(storage, box, rotated)).toEqual(['updated app crm'])

    // What an admin sees and edits has no secret; an edit without one keeps it.
    const view = appAsConfig(crm!)
    expect(view.oidc).toEqual({
      tokenEndpointAuthMethod: 'client_secret_basic',
      postLogoutRedirectUris: [],
      refreshTokens: true,
      accessTokenTtl: 300,
    })
    expect(keepOidcClientSecret(box, view.oidc, crm!)).toMatchObject({ clientSecret: SECRET })
  })

  it('refuses what cannot work, at the offending field', () => {
    expect(issues(withApps(app(true, { alg: 'HS256', secret: 'env:SHOP_SSO_SECRET' })))).toEqual([
      expect.stringMatching(/^apps\[3\]\.signing\.alg: an OpenID Connect client needs/),
    ])
    expect(issues(withApps(app({ tokenEndpointAuthMethod: 'client_secret_post' })))).toEqual([
      'apps[3].oidc.clientSecret: is required for client_secret_post',
    ])
    expect(issues(withApps(app({ clientSecret: 'short' })))[0]).toMatch(
      /^apps\[3\]\.oidc\.clientSecret: client secrets must be at least 32/,
    )
    expect(
      issues(withApps(app({ postLogoutRedirectUris: ['https://crm.example/*'] }))),
    ).toHaveLength(1)
    expect(issues(withApps(app({ accessTokenTtl: 3600 })))[0]).toMatch(/accessTokenTtl/)
    expect(issues(withApps(app({ unknown: 1 })))).toHaveLength(1)
  })
})
