import { jwtVerify } from 'jose'
import { describe, expect, it } from 'vitest'
import { acceptedAppSecrets } from '../domain/app-secret-rotation.js'
import { getApp } from '../domain/apps.js'
import { listAudit } from '../domain/audit-log.js'
import { createMinter } from '../domain/mint-token.js'
import { isBridgeError } from '../errors.js'
import { createTestBridge, ISSUER, SHOP_SECRET } from '../testing/bridge-fixture.js'
import { isAdminInputError } from './input.js'
import { createAdminServices } from './services.js'

const actor = { type: 'admin', id: 'a1', label: 'root@example.com' } as const
const HOUR = 3600_000

async function setup() {
  let now = Date.now() + 1000
  const bridge = await createTestBridge()
  const { storage, box, keystore } = bridge.services
  const clock = { tick: (ms: number) => (now += ms), now: () => now }
  const admin = createAdminServices({ storage, box, keystore, issuer: ISSUER, now: clock.now })
  return { bridge, admin, storage, box, keystore, clock }
}

async function refusal(promise: Promise<unknown>) {
  try {
    await promise
  } catch (error) {
    if (!isBridgeError(error)) throw error
    return {
      code: error.code,
      paths: isAdminInputError(error) ? error.issues.map((i) => i.path) : [],
    }
  }
  throw new Error('expected a refusal')
}

const bytes = (secret: string) => new TextEncoder().encode(secret)

describe('HS256 secret rotation with a grace period', () => {
  it('signs with the new secret at once and keeps the old one for 24 hours by default', async () => {
    const { admin, storage, box, keystore, clock } = await setup()
    const { secret, app } = await admin.apps.regenerateSecret(actor, 'shop')
    expect(secret).toHaveLength(43)
    expect(app.signing).toEqual({
      alg: 'HS256',
      secret: '[sealed]',
      previousSecret: '[sealed]',
      graceUntil: clock.now() + 24 * HOUR,
    })
    const stored = (await getApp(storage, 'shop'))!
    expect(acceptedAppSecrets(box, stored, clock.now())).toEqual([secret, SHOP_SECRET])

    const mint = createMinter({ issuer: ISSUER, keystore, box, now: clock.now })
    const token = await mint({
      app: stored,
      user: {
        id: 'u1',
        connection: 'staff',
        email: 'a@example.com',
        emailVerified: true,
        disabled: false,
        createdAt: 0,
        updatedAt: 0,
      },
      session: { connection: 'staff', authTime: 1, amr: ['pwd'] },
      nonce: 'n',
    })
    const options = { currentDate: new Date(clock.now()) }
    await expect(jwtVerify(token, bytes(secret!), options)).resolves.toBeDefined()
    await expect(jwtVerify(token, bytes(SHOP_SECRET), options)).rejects.toThrow()

    // After the grace period only the new secret is accepted.
    clock.tick(24 * HOUR + 1)
    expect(acceptedAppSecrets(box, stored, clock.now())).toEqual([secret])
  })

  it('is audited without either secret', async () => {
    const { admin, storage } = await setup()
    const { secret } = await admin.apps.regenerateSecret(actor, 'shop', { graceSeconds: 3600 })
    const [entry] = (await listAudit(storage, { app: 'shop' })).entries
    expect(entry).toMatchObject({
      event: 'app.updated',
      actor,
      secretsChanged: ['signing.secret'],
      after: { signing: { previousSecret: '[sealed]' } },
    })
    const text = JSON.stringify(entry)
    expect(text).not.toContain(secret)
    expect(text).not.toContain(SHOP_SECRET)
  })

  it('drops the old secret at once with a grace of 0', async () => {
    const { admin, storage, box, clock } = await setup()
    const { secret } = await admin.apps.regenerateSecret(actor, 'shop', { graceSeconds: 0 })
    const stored = (await getApp(storage, 'shop'))!
    expect(stored.signing).not.toHaveProperty('previousSecretSealed')
    expect(acceptedAppSecrets(box, stored, clock.now())).toEqual([secret])
  })

  it('refuses a grace period over 7 days, a negative or fractional one, and unknown fields', async () => {
    const { admin } = await setup()
    for (const options of [
      { graceSeconds: 7 * 24 * 3600 + 1 },
      { graceSeconds: -1 },
      { graceSeconds: 1.5 },
      { graceSeconds: '24h' },
    ]) {
      expect(await refusal(admin.apps.regenerateSecret(actor, 'shop', options))).toEqual({
        code: 'invalid_request',
        paths: ['graceSeconds'],
      })
    }
    expect(await refusal(admin.apps.regenerateSecret(actor, 'shop', { grace: 1 }))).toEqual({
      code: 'invalid_request',
      paths: [''],
    })
    await expect(
      admin.apps.regenerateSecret(actor, 'shop', { graceSeconds: 7 * 24 * 3600 }),
    ).resolves.toBeDefined()
  })

  it('keeps the grace period over an edit that keeps the secret; a second rotation replaces it', async () => {
    const { admin, storage, box, clock } = await setup()
    const first = await admin.apps.regenerateSecret(actor, 'shop')
    clock.tick(HOUR)
    await admin.apps.update(actor, 'shop', { name: 'The shop' })
    let stored = (await getApp(storage, 'shop'))!
    expect(stored.name).toBe('The shop')
    expect(acceptedAppSecrets(box, stored, clock.now())).toEqual([first.secret, SHOP_SECRET])

    const second = await admin.apps.regenerateSecret(actor, 'shop', { graceSeconds: 60 })
    stored = (await getApp(storage, 'shop'))!
    expect(acceptedAppSecrets(box, stored, clock.now())).toEqual([second.secret, first.secret])
  })

  it('ends the grace period when an edit sets another secret', async () => {
    const { admin, storage, box, clock } = await setup()
    await admin.apps.regenerateSecret(actor, 'shop')
    const given = 'a-secret-typed-by-the-admin-of-32-bytes!!'
    await admin.apps.update(actor, 'shop', { signing: { alg: 'HS256', secret: given } })
    const stored = (await getApp(storage, 'shop'))!
    expect(acceptedAppSecrets(box, stored, clock.now())).toEqual([given])
  })

  it('refuses apps without a secret', async () => {
    const { admin } = await setup()
    expect(await refusal(admin.apps.regenerateSecret(actor, 'forum'))).toMatchObject({
      code: 'conflict',
    })
  })
})
