/** Login transactions as stored records: the explicit state, records of the previous shape, one consumption. */
import { describe, expect, it } from 'vitest'
import { memoryStorage } from '../testing/bridge-fixture.js'
import {
  consumeLoginTransaction,
  getLoginTransaction,
  rotateCsrf,
  startLoginTransaction,
  type StoredTransaction,
} from './login-transactions.js'

const request = { appId: 'shop', redirectUri: 'http://127.0.0.1:4001/sso/callback', state: 's' }
const factor = { userId: 'u1', connection: 'staff', amr: ['pwd'] }
const legacy = (pending?: StoredTransaction['pending']): StoredTransaction => ({
  ...request,
  browserHash: 'h',
  csrf: 'c',
  createdAt: Date.now(),
  ...(pending ? { pending } : {}),
})

describe('login transactions', () => {
  it('store where the sign-in is, and move it with a fresh CSRF token', async () => {
    const storage = await memoryStorage()
    const { id, tx } = await startLoginTransaction(storage, request, 'secret')
    expect(tx.progress).toEqual({ step: 'started' })
    const moved = await rotateCsrf(storage, id, tx, { step: 'second-factor', firstFactor: factor })
    expect(moved.csrf).not.toBe(tx.csrf)
    expect(await getLoginTransaction(storage, id)).toEqual(moved)
    // The site's OAuth state is untouched by the sign-in's own.
    expect(moved.state).toBe('s')
  })

  it('read records written before the explicit state as the state they meant', async () => {
    const storage = await memoryStorage()
    const cases: [StoredTransaction['pending'], unknown][] = [
      [undefined, { step: 'started' }],
      [factor, { step: 'second-factor', firstFactor: factor }],
      [
        { ...factor, enrolmentSealed: 'sealed' },
        { step: 'enrolling', firstFactor: factor, enrolmentSealed: 'sealed' },
      ],
      [
        { ...factor, verified: true },
        { step: 'verified', firstFactor: factor, method: 'otp' },
      ],
      [
        { ...factor, verified: true, method: 'hwk', enrolmentSealed: 'sealed' },
        { step: 'verified', firstFactor: factor, method: 'hwk' },
      ],
    ]
    for (const [index, [pending, progress]] of cases.entries()) {
      await storage.set('login-tx', `old-${index}`, legacy(pending), 60)
      const read = await getLoginTransaction(storage, `old-${index}`)
      expect(read?.progress).toEqual(progress)
      expect(read).not.toHaveProperty('pending')
      // Consumption converts as well, and happens once.
      expect((await consumeLoginTransaction(storage, `old-${index}`))?.progress).toEqual(progress)
      expect(await consumeLoginTransaction(storage, `old-${index}`)).toBeUndefined()
    }
  })

  it('are consumed by exactly one of many racing finishes', async () => {
    const storage = await memoryStorage()
    const { id } = await startLoginTransaction(storage, request, 'secret')
    const results = await Promise.all(
      Array.from({ length: 20 }, () => consumeLoginTransaction(storage, id)),
    )
    expect(results.filter(Boolean)).toHaveLength(1)
  })
})
