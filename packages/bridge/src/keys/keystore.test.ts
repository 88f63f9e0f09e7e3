import { randomBytes } from 'node:crypto'
import { memoryStorage } from '../testing/bridge-fixture.js'
import { describe, expect, it } from 'vitest'
import { manualClock } from '../storage/storage.conformance.js'
import {
  createKeystore,
  DEFAULT_ACTIVATE_AFTER_SECONDS,
  JWKS_MAX_AGE_SECONDS,
  KeyRotationPendingError,
  type Keystore,
} from './keystore.js'
import { MAX_TOKEN_LIFETIME_SECONDS } from './max-token-lifetime.js'
import { createSecretBox } from './secret-box.js'

describe('keystore', () => {
  it('creates one key per algorithm on first use and publishes only public parts', async () => {
    const storage = await memoryStorage()
    const keystore = createKeystore(storage, createSecretBox(randomBytes(32)))
    const es = await keystore.signingKey('ES256')
    expect(await keystore.signingKey('ES256')).toMatchObject({ kid: es.kid })
    const ed = await keystore.signingKey('EdDSA')
    const rs = await keystore.signingKey('RS256')
    const { keys } = await keystore.jwks()
    expect(keys.map((k) => k.kid).sort()).toEqual([es.kid, ed.kid, rs.kid].sort())
    for (const key of keys) {
      expect(key).toMatchObject({ use: 'sig' })
      for (const secretPart of ['d', 'p', 'q', 'dp', 'dq', 'qi'])
        expect(key).not.toHaveProperty(secretPart)
    }
    // Private keys are sealed at rest.
    const stored = JSON.stringify(await storage.list('signing-key'))
    expect(stored).not.toMatch(/"d":/)
  })

  it('agrees on one key when several processes start at once', async () => {
    const storage = await memoryStorage()
    const box = createSecretBox(randomBytes(32))
    const kids = await Promise.all(
      Array.from({ length: 5 }, () =>
        createKeystore(storage, box)
          .signingKey('ES256')
          .then((k) => k.kid),
      ),
    )
    expect(new Set(kids).size).toBe(1)
    expect(await storage.list('signing-key')).toHaveLength(1)
  })
})

describe('key rotation', () => {
  async function setup() {
    const clock = manualClock()
    const storage = await memoryStorage(clock.now)
    const box = createSecretBox(randomBytes(32))
    return { clock, storage, box, keystore: createKeystore(storage, box, clock.now) }
  }
  const kids = async (keystore: Keystore) => (await keystore.jwks()).keys.map((k) => k.kid)

  it('publishes the new key before it signs, and the old one until its tokens expired', async () => {
    const { clock, keystore, storage, box } = await setup()
    const old = await keystore.signingKey('ES256')
    const next = await keystore.rotate('ES256', 600)
    expect(next).toMatchObject({ status: 'pending', activatesAt: clock.now() + 600_000 })
    expect(next).not.toHaveProperty('privateSealed')
    expect(await kids(keystore)).toEqual(expect.arrayContaining([old.kid, next.kid]))
    // Not yet: the old key still signs, in this process and in a fresh one.
    clock.advance(599_000)
    expect((await keystore.signingKey('ES256')).kid).toBe(old.kid)
    const other = createKeystore(storage, box, clock.now)
    expect((await other.signingKey('ES256')).kid).toBe(old.kid)

    clock.advance(1_000)
    // Each process re-reads the active key within 30 s; a fresh one promotes the pending key.
    const fresh = createKeystore(storage, box, clock.now)
    expect((await fresh.signingKey('ES256')).kid).toBe(next.kid)
    const listed = await keystore.list()
    expect(listed.map((k) => [k.kid, k.status])).toEqual(
      expect.arrayContaining([
        [next.kid, 'active'],
        [old.kid, 'retired'],
      ]),
    )
    clock.advance(30_000)
    expect((await other.signingKey('ES256')).kid).toBe(next.kid)
    // A process that cached the old key may have signed with it for up to 30 s more; it stays
    // published until every token it could have signed has expired.
    clock.advance((MAX_TOKEN_LIFETIME_SECONDS + 60 - 1) * 1000)
    expect(await kids(keystore)).toContain(old.kid)
    clock.advance(1_000)
    expect(await kids(keystore)).toEqual([next.kid])
  })

  it('refuses a second pending rotation and a delay shorter than the JWKS cache', async () => {
    const { keystore } = await setup()
    await keystore.rotate('EdDSA')
    await expect(keystore.rotate('EdDSA')).rejects.toBeInstanceOf(KeyRotationPendingError)
    await expect(keystore.rotate('ES256', JWKS_MAX_AGE_SECONDS - 1)).rejects.toThrow(RangeError)
    await expect(keystore.rotate('ES256', 1.5)).rejects.toThrow(RangeError)
    expect((await keystore.list()).filter((k) => k.alg === 'EdDSA')).toHaveLength(2)
  })

  it('keeps its limits in step with the JWKS route', () => {
    expect(DEFAULT_ACTIVATE_AFTER_SECONDS).toBeGreaterThanOrEqual(JWKS_MAX_AGE_SECONDS)
  })
})
