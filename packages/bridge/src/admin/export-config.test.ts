import { generateKeyPairSync, randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { applyConfig } from '../config/apply-config.js'
import { parseConfig } from '../config/load-config.js'
import {
  APPS,
  appApiTokenContext,
  appPrivateKeyContext,
  appSecretContext,
  type App,
} from '../domain/apps.js'
import { createSecretBox, type SecretBox } from '../keys/secret-box.js'
import { memoryStorage } from '../testing/bridge-fixture.js'
import type { Storage } from '../storage/types.js'
import { exportConfig } from './export-config.js'

const ISSUER = 'https://sso.example'
const SECRET = 'platform-secret-0123456789'
const API_TOKEN = 'bc-api-token-0123456789'
const EDDSA_KEY = String(
  generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }),
)

const app = (id: string, preset: string, extra: Record<string, unknown>) => ({
  id,
  preset,
  connections: ['staff'],
  callbackUrls: [`https://${id}.example/sso`],
  ...extra,
})

const config = {
  issuer: ISSUER,
  connections: [{ id: 'staff', type: 'local' }],
  apps: [
    app('community', 'discourse', {
      signing: { secret: SECRET },
      claims: { admin: { value: true }, groups: { value: ['staff'] } },
    }),
    app('store', 'bigcommerce', {
      signing: { secret: SECRET },
      platform: {
        clientId: 'bc-client-id',
        storeHash: 'abc123',
        apiToken: API_TOKEN,
        createCustomers: true,
        channelId: 2,
      },
    }),
    app('docs', 'mintlify', { signing: { privateKey: EDDSA_KEY }, platform: { sessionTtl: 3600 } }),
    app('help', 'freshworks', { signing: { alg: 'RS256' } }),
    app('kb', 'helpscout-docs', { signing: { secret: SECRET } }),
    app('kb256', 'helpscout-docs', { signing: { alg: 'HS256', secret: SECRET } }),
    app('hub', 'readme', { signing: { secret: SECRET }, claims: { isAdmin: { value: false } } }),
  ],
}

/** The stored apps with sealed values opened (each seal differs) and the write time left out. */
async function appsOf(storage: Storage, box: SecretBox) {
  const open = (app: App) => {
    const { updatedAt: _, signing, platform, ...rest } = app
    const { apiTokenSealed, ...settings } = platform ?? {}
    return {
      ...rest,
      platform: platform && {
        ...settings,
        apiToken: apiTokenSealed && box.open(apiTokenSealed, appApiTokenContext(app.id)),
      },
      signing:
        signing.alg === 'HS256'
          ? { alg: signing.alg, secret: box.open(signing.secretSealed, appSecretContext(app.id)) }
          : {
              alg: signing.alg,
              privateKey:
                signing.privateKeySealed &&
                box.open(signing.privateKeySealed, appPrivateKeyContext(app.id)),
            },
    }
  }
  return (await storage.list(APPS)).map(({ value }) => open(value))
}

describe('ssobridge export of preset apps', () => {
  it('writes each preset key and the API token as env: references that apply back the same', async () => {
    const storage = await memoryStorage()
    const box = createSecretBox(randomBytes(32))
    await applyConfig(storage, box, parseConfig(config, {}))

    const { yaml, secrets } = await exportConfig(storage, ISSUER)
    for (const value of [SECRET, API_TOKEN, EDDSA_KEY.split('\n')[1] as string])
      expect(yaml).not.toContain(value)
    const exported = parse(yaml) as { apps: Array<Record<string, unknown>> }
    const byId = Object.fromEntries(exported.apps.map((a) => [a.id, a]))
    expect(byId.community?.signing).toEqual({ secret: 'env:SSOBRIDGE_APP_COMMUNITY_SECRET' })
    expect(byId.kb?.signing).toEqual({ alg: 'HS512', secret: 'env:SSOBRIDGE_APP_KB_SECRET' })
    expect(byId.kb256?.signing).toEqual({ alg: 'HS256', secret: 'env:SSOBRIDGE_APP_KB256_SECRET' })
    expect(byId.docs?.signing).toEqual({ privateKey: 'env:SSOBRIDGE_APP_DOCS_PRIVATE_KEY' })
    expect(byId.help?.signing).toEqual({ alg: 'RS256' })
    expect(byId.store?.platform).toEqual({
      clientId: 'bc-client-id',
      storeHash: 'abc123',
      apiToken: 'env:SSOBRIDGE_APP_STORE_PLATFORM_API_TOKEN',
      createCustomers: true,
      channelId: 2,
    })
    expect(byId.docs?.platform).toEqual({ sessionTtl: 3600 })
    expect(byId.kb).not.toHaveProperty('tokenAlg')

    const env: Record<string, string> = {}
    for (const name of secrets)
      env[name] = name.endsWith('PRIVATE_KEY')
        ? EDDSA_KEY
        : name.endsWith('API_TOKEN')
          ? API_TOKEN
          : SECRET
    const reparsed = parseConfig(parse(yaml), env)
    // The same deployment finds nothing to change, and a new one stores the same apps.
    expect(await applyConfig(storage, box, reparsed)).toEqual([])
    const fresh = await memoryStorage()
    const freshBox = createSecretBox(randomBytes(32))
    await applyConfig(fresh, freshBox, reparsed)
    expect(await appsOf(fresh, freshBox)).toEqual(await appsOf(storage, box))
  })
})
