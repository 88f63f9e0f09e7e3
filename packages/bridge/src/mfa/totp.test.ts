import { generate } from 'otplib'
import { describe, expect, it } from 'vitest'
import { memoryStorage } from '../testing/bridge-fixture.js'
import { checkTotp, newTotpSecret, totpUri } from './totp.js'

const T = 1_800_000_010_000 // 10 s into a 30 s step
const codeAt = (secret: string, ms: number) => generate({ secret, epoch: Math.floor(ms / 1000) })

describe('TOTP', () => {
  it('accepts the current step and one step either side, nothing further', async () => {
    const storage = await memoryStorage()
    const secret = newTotpSecret()
    for (const [offset, ok] of [
      [0, true],
      [-30_000, true],
      [30_000, true],
      [-60_000, false],
      [60_000, false],
    ] as const) {
      const outcome = await checkTotp(storage, {
        userId: `u${offset}`,
        secret,
        code: await codeAt(secret, T + offset),
        now: T,
      })
      expect(outcome.ok, `offset ${offset}`).toBe(ok)
    }
  })

  it('accepts a code once, and refuses older steps after a newer one', async () => {
    const storage = await memoryStorage()
    const secret = newTotpSecret()
    const code = await codeAt(secret, T)
    const first = await checkTotp(storage, { userId: 'u', secret, code, now: T })
    expect(first.ok).toBe(true)
    expect(await checkTotp(storage, { userId: 'u', secret, code, now: T })).toEqual({
      ok: false,
      reason: 'replayed',
    })
    const step = first.ok ? first.step : 0
    const older = await codeAt(secret, T - 30_000)
    expect(
      await checkTotp(storage, { userId: 'u', secret, code: older, now: T, lastStep: step }),
    ).toEqual({
      ok: false,
      reason: 'replayed',
    })
  })

  it('lets only one of two concurrent uses of a code through', async () => {
    const storage = await memoryStorage()
    const secret = newTotpSecret()
    const code = await codeAt(secret, T)
    const results = await Promise.all(
      [1, 2, 3].map(() => checkTotp(storage, { userId: 'u', secret, code, now: T })),
    )
    expect(results.filter((r) => r.ok)).toHaveLength(1)
  })

  it.each(['', '12345', '1234567', 'abcdef', '12 34 5a', '٣٣٣٣٣٣'])(
    'refuses the malformed code %j',
    async (code) => {
      const storage = await memoryStorage()
      expect(
        await checkTotp(storage, { userId: 'u', secret: newTotpSecret(), code, now: T }),
      ).toEqual({
        ok: false,
        reason: 'malformed',
      })
    },
  )

  it('makes an otpauth URI with issuer and account', () => {
    expect(totpUri('sso.example', 'a@example.com', 'ABC')).toBe(
      'otpauth://totp/sso.example:a%40example.com?secret=ABC&issuer=sso.example',
    )
  })
})
