import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { findUserByEmail } from '../domain/users.js'
import { verifyPassword } from '../domain/passwords.js'
import { createSecretBox } from '../keys/secret-box.js'
import { memoryStorage, testConfig, testEnv } from '../testing/bridge-fixture.js'
import { listAudit } from '../domain/audit-log.js'
import { applyConfig } from './apply-config.js'
import { parseConfig } from './load-config.js'

describe('applyConfig', () => {
  it('is idempotent and reports only real changes', async () => {
    const storage = await memoryStorage()
    const box = createSecretBox(randomBytes(32))
    const config = parseConfig(testConfig(), testEnv)
    expect(await applyConfig(storage, box, config)).toEqual([
      'created connection staff',
      'created connection partners',
      'created app shop',
      'created app forum',
      'created app partner-portal',
      'created user alice@example.com',
    ])
    const snapshot = JSON.stringify(await storage.list('app'))
    expect(await applyConfig(storage, box, config)).toEqual([])
    expect(JSON.stringify(await storage.list('app'))).toBe(snapshot)

    const changed = parseConfig(testConfig(), {
      SHOP_SSO_SECRET: 'another-secret-0123456789abcdefghijkl',
      ALICE_PASSWORD: 'a brand new password',
    })
    expect(await applyConfig(storage, box, changed)).toEqual([
      'updated app shop',
      'updated user alice@example.com',
    ])
    const alice = await findUserByEmail(storage, 'staff', 'ALICE@example.com')
    expect(await verifyPassword(alice!.passwordHash!, 'a brand new password')).toBe(true)
    expect(alice!.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/)
  })

  it('stores app secrets sealed, never in clear', async () => {
    const storage = await memoryStorage()
    await applyConfig(storage, createSecretBox(randomBytes(32)), parseConfig(testConfig(), testEnv))
    expect(JSON.stringify(await storage.list('app'))).not.toContain(testEnv.SHOP_SSO_SECRET)
    expect(JSON.stringify(await storage.list('user'))).not.toContain(testEnv.ALICE_PASSWORD)
  })

  it('audits each change with its actor, before and after, and which secrets changed', async () => {
    const storage = await memoryStorage()
    const box = createSecretBox(randomBytes(32))
    await applyConfig(storage, box, parseConfig(testConfig(), testEnv))
    const changed = parseConfig(testConfig(), {
      ...testEnv,
      SHOP_SSO_SECRET: 'another-secret-0123456789abcdefghijkl',
    })
    const actor = { type: 'cli', id: 'ops' } as const
    await applyConfig(storage, box, changed, Date.now(), actor)
    const [update] = (await listAudit(storage, { actor: 'cli:ops' })).entries
    expect(update).toMatchObject({
      event: 'app.updated',
      app: 'shop',
      secretsChanged: ['signing.secret'],
      before: { signing: { alg: 'HS256', secret: '[sealed]' } },
      after: { signing: { alg: 'HS256', secret: '[sealed]' } },
    })
    const audit = JSON.stringify(await listAudit(storage, {}, { limit: 1000 }))
    expect(audit).not.toContain('another-secret')
    expect(audit).not.toContain(testEnv.SHOP_SSO_SECRET)
    expect(audit).not.toContain(testEnv.ALICE_PASSWORD)
  })
})
