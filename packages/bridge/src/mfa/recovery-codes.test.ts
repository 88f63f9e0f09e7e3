import { describe, expect, it } from 'vitest'
import { memoryStorage } from '../testing/bridge-fixture.js'
import { newRecoveryCodes, useRecoveryCode } from './recovery-codes.js'

describe('recovery codes', () => {
  it('makes ten distinct codes and keeps only their hashes', () => {
    const { codes, hashes } = newRecoveryCodes()
    expect(codes).toHaveLength(10)
    expect(new Set(codes).size).toBe(10)
    for (const code of codes) expect(code).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/)
    expect(hashes.some((h) => codes.some((c) => h.includes(c)))).toBe(false)
  })

  it('accepts each code once, in any case and spacing, and says how many are left', async () => {
    const storage = await memoryStorage()
    const { codes, hashes } = newRecoveryCodes()
    const left = await useRecoveryCode(storage, 'u', hashes, ` ${codes[3]!.toUpperCase()} `)
    expect(left).toHaveLength(9)
    expect(await useRecoveryCode(storage, 'u', hashes, codes[3]!)).toBeUndefined()
    expect(await useRecoveryCode(storage, 'u', left!, codes[3]!)).toBeUndefined()
    expect(await useRecoveryCode(storage, 'u', left!, 'aaaaa-aaaaa')).toBeUndefined()
    expect(await useRecoveryCode(storage, 'u', left!, '')).toBeUndefined()
  })

  it('lets one of two concurrent uses of a code through', async () => {
    const storage = await memoryStorage()
    const { codes, hashes } = newRecoveryCodes()
    const results = await Promise.all(
      [1, 2].map(() => useRecoveryCode(storage, 'u', hashes, codes[0]!)),
    )
    expect(results.filter(Boolean)).toHaveLength(1)
  })
})
