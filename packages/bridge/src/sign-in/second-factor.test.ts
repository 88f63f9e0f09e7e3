/** The end of the second factor without HTTP: a notice waits for continue, which finishes once. */
import type { Notice } from './outcome.js'
import { describe, expect, it } from 'vitest'
import { getApp } from '../domain/apps.js'
import { getLoginTransaction, startLoginTransaction } from '../domain/login-transactions.js'
import { findUserByEmail } from '../domain/users.js'
import { ALICE, createTestBridge, SHOP_CALLBACK } from '../testing/bridge-fixture.js'
import { continueSignIn, secondFactor } from './second-factor.js'
import { IllegalTransition } from './state.js'

async function pendingSignIn() {
  const { services, storage } = await createTestBridge()
  const app = (await getApp(storage, 'shop'))!
  const user = (await findUserByEmail(storage, 'staff', ALICE.email))!
  const firstFactor = { userId: user.id, connection: 'staff', amr: ['pwd'] }
  const { id, tx } = await startLoginTransaction(
    storage,
    { appId: 'shop', redirectUri: SHOP_CALLBACK, state: 's' },
    'browser-secret',
    Date.now(),
    { step: 'second-factor', firstFactor },
  )
  const visit = { requestId: 'r1', browserSecret: 'browser-secret' }
  return { services, storage, visit, step: { txId: id, tx, app, user } }
}

describe('the second factor, as the flow sees it', () => {
  it('shows the notice and waits in verified; continue finishes with both factors in the amr', async () => {
    const { services, storage, visit, step } = await pendingSignIn()
    const notice: Notice = {
      title: 'mfa.saveCodesTitle',
      text: 'mfa.saveCodesText',
      codes: ['a-b'],
    }
    const page = await secondFactor(services, visit, { ...step, method: 'otp', notice })
    expect(page).toMatchObject({ kind: 'page', appName: 'Shop', txId: step.txId, notice })
    expect(await storage.list('session')).toHaveLength(0)
    const tx = (await getLoginTransaction(storage, step.txId))!
    expect(tx.progress).toMatchObject({ step: 'verified', method: 'otp' })
    const done = await continueSignIn(services, visit, { ...step, tx })
    expect(done).toMatchObject({
      kind: 'deliver',
      delivery: { mode: 'form_post', action: SHOP_CALLBACK },
      cookies: { session: { value: expect.any(String) } },
    })
    const [session] = await storage.list('session')
    expect(session!.value.amr).toEqual(['pwd', 'otp', 'mfa'])
    expect(await getLoginTransaction(storage, step.txId)).toBeUndefined()
  })

  it('refuses continue before the second factor, and a second factor twice', async () => {
    const { services, visit, step } = await pendingSignIn()
    await expect(continueSignIn(services, visit, step)).rejects.toBeInstanceOf(IllegalTransition)
    const verified = {
      ...step,
      tx: {
        ...step.tx,
        progress: {
          step: 'verified' as const,
          firstFactor: { userId: step.user.id, connection: 'staff', amr: ['pwd'] },
          method: 'hwk' as const,
        },
      },
    }
    await expect(
      secondFactor(services, visit, { ...verified, method: 'otp' }),
    ).rejects.toMatchObject({ from: 'verified', move: 'secondFactor' })
  })
})
