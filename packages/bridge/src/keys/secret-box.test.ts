import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { parseMasterKey } from './master-key.js'
import { createSecretBox } from './secret-box.js'

describe('secret box', () => {
  const box = createSecretBox(randomBytes(32))

  it('round-trips and never stores the plaintext', () => {
    const sealed = box.seal('the secret', 'app-secret:shop')
    expect(sealed).not.toContain('the secret')
    expect(sealed).not.toBe(box.seal('the secret', 'app-secret:shop'))
    expect(box.open(sealed, 'app-secret:shop')).toBe('the secret')
  })

  it('refuses a value moved to another record, a tampered value and another master key', () => {
    const sealed = box.seal('the secret', 'app-secret:shop')
    expect(() => box.open(sealed, 'app-secret:forum')).toThrow(
      expect.objectContaining({ code: 'server_error' }),
    )
    const [v, iv, body] = sealed.split('.')
    const flipped = Buffer.from(body!, 'base64url')
    flipped[0] = flipped[0]! ^ 1
    expect(() =>
      box.open(`${v}.${iv}.${flipped.toString('base64url')}`, 'app-secret:shop'),
    ).toThrow()
    expect(() => createSecretBox(randomBytes(32)).open(sealed, 'app-secret:shop')).toThrow()
    expect(() => box.open('garbage', 'app-secret:shop')).toThrow()
  })

  it('parses master keys as hex or base64url and refuses weak ones', () => {
    const key = randomBytes(32)
    expect(parseMasterKey(key.toString('hex'))).toEqual(key)
    expect(parseMasterKey(key.toString('base64url'))).toEqual(key)
    expect(() => parseMasterKey('password')).toThrow(/32 random bytes/)
    expect(() => createSecretBox(randomBytes(16))).toThrow()
  })
})
