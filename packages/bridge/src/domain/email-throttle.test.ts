import { describe, expect, it } from 'vitest'
import { isBridgeError } from '../errors.js'
import { memoryStorage } from '../testing/bridge-fixture.js'
import { reserveMemberEmail } from './email-throttle.js'

const limits = { perRecipient: 3, perClient: 5, windowSeconds: 60 }

async function refusal(run: () => Promise<void>) {
  try {
    await run()
    return 'sent'
  } catch (error) {
    if (!isBridgeError(error)) throw error
    return `${error.code}/${error.reason}/${error.message}`
  }
}

describe('member email limits', () => {
  it('per recipient, whatever its case, from any client', async () => {
    const storage = await memoryStorage()
    for (const client of ['192.0.2.1', '192.0.2.2', '192.0.2.3'])
      await reserveMemberEmail(storage, 'Ada@Example.org', client, limits)
    expect(
      await refusal(() => reserveMemberEmail(storage, ' ada@example.org', '192.0.2.4', limits)),
    ).toBe('too_many_attempts/email_throttled/emails per recipient')
    // Another address is not held up by Ada's.
    expect(
      await refusal(() => reserveMemberEmail(storage, 'bob@example.org', '192.0.2.4', limits)),
    ).toBe('sent')
  })

  it('per client, IPv6 by its /64, without spending the recipients of a client over its limit', async () => {
    const storage = await memoryStorage()
    for (let i = 0; i < 5; i++)
      await reserveMemberEmail(storage, `user${i}@example.org`, `2001:db8::${i + 1}`, limits)
    expect(
      await refusal(() =>
        reserveMemberEmail(storage, 'victim@example.org', '2001:db8::ffff', limits),
      ),
    ).toBe('too_many_attempts/email_throttled/emails per client')
    // The victim's own budget was not spent by the refused client.
    for (let i = 0; i < 3; i++)
      await reserveMemberEmail(storage, 'victim@example.org', '198.51.100.7', limits)
    expect(
      await refusal(() => reserveMemberEmail(storage, 'x@example.org', '2001:db8:0:1::1', limits)),
    ).toBe('sent')
  })
})
