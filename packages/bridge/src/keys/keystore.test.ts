import { randomBytes } from 'node:crypto'
import { memoryStorage } from '../testing/bridge-fixture.js'
import { describe, expect, it } from 'vitest'
import { createKeystore } from './keystore.js'
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
