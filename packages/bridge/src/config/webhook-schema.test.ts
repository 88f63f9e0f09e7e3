/**
 * `apps[].webhooks` in the config file: secrets from the environment only, the URL rules of the
 * API, applying again changes nothing, the file owns the endpoints it names, and the export
 * writes them back with env: references.
 */
import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { exportConfig } from '../admin/export-config.js'
import { appService } from '../admin/apps.js'
import { webhookService } from '../admin/webhooks.js'
import { getApp } from '../domain/apps.js'
import { listAudit } from '../domain/audit-log.js'
import { webhookSecretContext } from '../domain/webhook-endpoints.js'
import { generateWebhookSecret } from '../domain/webhook-secret.js'
import { createKeystore } from '../keys/keystore.js'
import { createSecretBox } from '../keys/secret-box.js'
import { ISSUER, memoryStorage, testConfig, testEnv } from '../testing/bridge-fixture.js'
import { applyConfig } from './apply-config.js'
import { ConfigError, parseConfig } from './load-config.js'

const SECRET = generateWebhookSecret()
const env = { ...testEnv, SHOP_WEBHOOK_SECRET: SECRET }

function withWebhooks(webhooks: unknown[]) {
  const base = testConfig()
  const [shop, ...rest] = base.apps
  return { ...base, apps: [{ ...shop, webhooks }, ...rest] }
}

const hook = (extra: Record<string, unknown> = {}) => ({
  id: 'crm',
  url: 'https://crm.example.com/hooks/sso',
  events: ['user.updated', 'user.deleted'],
  secret: 'env:SHOP_WEBHOOK_SECRET',
  ...extra,
})

function issues(config: unknown, environment: Record<string, string> = env): string[] {
  try {
    parseConfig(config, environment)
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError)
    // After its first line, one `  - path: message` line per issue.
    return (error as ConfigError).message
      .split('\n')
      .slice(1)
      .map((line) => line.replace(/^\s*- /, ''))
  }
  throw new Error('the config was accepted')
}

describe('apps[].webhooks in the config file', () => {
  it('applies endpoints with their secrets sealed, and applying again changes nothing', async () => {
    const storage = await memoryStorage()
    const box = createSecretBox(randomBytes(32))
    const config = parseConfig(withWebhooks([hook()]), env)
    await applyConfig(storage, box, config)
    const shop = (await getApp(storage, 'shop'))!
    expect(shop.webhooks).toEqual([
      {
        id: 'crm',
        url: 'https://crm.example.com/hooks/sso',
        events: ['user.updated', 'user.deleted'],
        secretSealed: expect.any(String),
        createdAt: expect.any(Number),
      },
    ])
    expect(box.open(shop.webhooks![0]!.secretSealed, webhookSecretContext('shop', 'crm'))).toBe(
      SECRET,
    )
    expect(JSON.stringify(await storage.list('app'))).not.toContain(SECRET)
    expect(await applyConfig(storage, box, config)).toEqual([])

    // Another secret in the environment: the app changes, the audit names the secret, not its value.
    const next = generateWebhookSecret()
    const rotated = parseConfig(withWebhooks([hook()]), { ...env, SHOP_WEBHOOK_SECRET: next })
    expect(await applyConfig(storage, box, rotated)).toEqual(['updated app shop'])
    const [entry] = (await listAudit(storage, { event: 'app.updated' })).entries
    expect(entry!.secretsChanged).toEqual(['webhooks.crm.secret'])
    expect(JSON.stringify(entry)).not.toContain(next)
    expect(JSON.stringify(entry)).not.toContain(SECRET)
  })

  it('owns the endpoints when it names them; an app without the key keeps the admin-made ones', async () => {
    const storage = await memoryStorage()
    const box = createSecretBox(randomBytes(32))
    const deps = { storage, box, keystore: createKeystore(storage, box), issuer: ISSUER }
    await applyConfig(storage, box, parseConfig(testConfig(), env))
    const made = await webhookService(deps).create({ type: 'cli', id: 't' }, 'shop', {
      url: 'https://hooks.example.com/a',
    })
    // An admin edit of the app, and the same file applied again, keep it.
    await appService(deps).update({ type: 'cli', id: 't' }, 'shop', { name: 'The Shop' })
    await applyConfig(storage, box, parseConfig(testConfig(), env))
    expect((await getApp(storage, 'shop'))!.webhooks?.map((e) => e.id)).toEqual([made.webhook.id])
    // A file that lists the endpoints is what they are.
    await applyConfig(storage, box, parseConfig(withWebhooks([hook()]), env))
    expect((await getApp(storage, 'shop'))!.webhooks?.map((e) => e.id)).toEqual(['crm'])
    // And the app's own edits do not take webhooks: they have their own endpoints.
    await expect(
      appService(deps).update({ type: 'cli', id: 't' }, 'shop', { webhooks: [] }),
    ).rejects.toMatchObject({ code: 'invalid_request', issues: [{ path: 'webhooks' }] })
  })

  it('exports the endpoints with an env: reference for each secret, which applies again', async () => {
    const storage = await memoryStorage()
    const box = createSecretBox(randomBytes(32))
    await applyConfig(storage, box, parseConfig(withWebhooks([hook({ disabled: true })]), env))
    const { yaml, secrets } = await exportConfig(storage, ISSUER)
    expect(secrets).toContain('SSOBRIDGE_APP_SHOP_WEBHOOK_CRM_SECRET')
    expect(yaml).toContain('secret: env:SSOBRIDGE_APP_SHOP_WEBHOOK_CRM_SECRET')
    expect(yaml).not.toContain(SECRET)
    expect(yaml).not.toMatch(/sealed/i)
  })

  it('refuses a secret written inline, a missing variable, and a secret of the wrong form', () => {
    expect(issues(withWebhooks([hook({ secret: SECRET })]))).toEqual([
      expect.stringMatching(/^apps\[0\]\.webhooks\[0\]\.secret: must be env:NAME or file:PATH/),
    ])
    expect(issues(withWebhooks([hook({ secret: 'env:NOPE' })]))).toEqual([
      expect.stringMatching(/webhooks\[0\]\.secret: environment variable NOPE is not set/),
    ])
    expect(issues(withWebhooks([hook()]), { ...env, SHOP_WEBHOOK_SECRET: 'whsec_short' })).toEqual([
      expect.stringMatching(
        /webhooks\[0\]\.secret: must be whsec_ and the base64 of 24 to 64 bytes/,
      ),
    ])
  })

  it('refuses the URLs, events and ids the API refuses', () => {
    const lines = issues(
      withWebhooks([
        hook({ id: 'a', url: 'http://crm.example.com/hook' }),
        hook({ id: 'b', url: 'https://192.168.1.10/hook' }),
        hook({ id: 'c', events: ['user.renamed'] }),
        hook({ id: 'Bad Id' }),
        hook({ id: 'd', extra: true }),
      ]),
    ).join('\n')
    expect(lines).toMatch(/webhooks\[0\]\.url: webhook URL must use https/)
    expect(lines).toMatch(/webhooks\[1\]\.url: webhook URL names a loopback, private or link-local/)
    expect(lines).toMatch(/webhooks\[2\]\.events\[0\]/)
    expect(lines).toMatch(/webhooks\[3\]\.id: must be/)
    expect(lines).toMatch(/webhooks\[4\]: Unrecognized key/)
    expect(issues(withWebhooks([hook(), hook()]))).toEqual([
      expect.stringMatching(/webhooks\[1\]\.id: duplicate id/),
    ])
    // The opt-in lets a private address through (development only).
    expect(() =>
      parseConfig(
        withWebhooks([
          hook({ url: 'http://127.0.0.1:4010/hook', dangerouslyAllowPrivateNetwork: true }),
        ]),
        env,
      ),
    ).not.toThrow()
    expect(
      issues(withWebhooks(Array.from({ length: 11 }, (_, i) => hook({ id: `h${i}` })))),
    ).toEqual([expect.stringMatching(/webhooks: /)])
  })
})
