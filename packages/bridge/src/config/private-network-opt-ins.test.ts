/** The private-network opt-ins are read from the config file and named at start-up. */
import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { getApp } from '../domain/apps.js'
import { getConnection } from '../domain/connections.js'
import { generateWebhookSecret } from '../domain/webhook-secret.js'
import { createSecretBox } from '../keys/secret-box.js'
import { createLogger } from '../logger.js'
import { memoryStorage, testConfig, testEnv } from '../testing/bridge-fixture.js'
import { applyConfig } from './apply-config.js'
import { parseConfig } from './load-config.js'
import { warnPrivateNetworkOptIns } from './private-network-opt-ins.js'

describe('dangerouslyAllowPrivateNetwork', () => {
  it('is stored per connection and per app, and logged at start-up', async () => {
    const base = testConfig()
    const config = parseConfig(
      testConfig({
        connections: [
          ...base.connections,
          {
            id: 'corp',
            type: 'oidc',
            issuer: 'http://127.0.0.1:4100',
            clientId: 'bridge',
            clientSecret: 'upstream-secret',
            dangerouslyAllowHttpIssuer: true,
            dangerouslyAllowPrivateNetwork: true,
          },
        ],
        apps: base.apps.map((app) =>
          app.id === 'shop'
            ? {
                ...app,
                backchannelLogoutUrl: 'http://127.0.0.1:4001/sso/backchannel-logout',
                dangerouslyAllowPrivateNetwork: true,
                webhooks: [
                  {
                    id: 'dev',
                    url: 'http://127.0.0.1:4001/hooks',
                    secret: 'env:SHOP_WEBHOOK_SECRET',
                    dangerouslyAllowPrivateNetwork: true,
                  },
                ],
              }
            : app,
        ),
      }),
      { ...testEnv, SHOP_WEBHOOK_SECRET: generateWebhookSecret() },
    )
    const storage = await memoryStorage()
    await applyConfig(storage, createSecretBox(randomBytes(32)), config)
    expect(await getConnection(storage, 'corp')).toMatchObject({
      dangerouslyAllowPrivateNetwork: true,
    })
    expect(await getApp(storage, 'shop')).toMatchObject({ dangerouslyAllowPrivateNetwork: true })
    expect((await getApp(storage, 'forum'))?.dangerouslyAllowPrivateNetwork).toBeUndefined()

    const lines: Record<string, unknown>[] = []
    await warnPrivateNetworkOptIns(
      storage,
      createLogger('info', (line) => lines.push(JSON.parse(line))),
    )
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'warn',
        msg: expect.stringContaining('dangerouslyAllowPrivateNetwork is on'),
        connections: 'corp',
        apps: 'shop',
        webhooks: 'shop/dev',
      }),
    ])
  })
})
