import { describe, expect, it } from 'vitest'
import { listAudit } from '../domain/audit-log.js'
import { findUserByEmail, saveUser } from '../domain/users.js'
import { ALICE, createTestBridge, signInWithPassword } from '../testing/bridge-fixture.js'

describe('sign-ins in the audit log', () => {
  it('records a sign-in with app, connection and user', async () => {
    const bridge = await createTestBridge()
    expect((await signInWithPassword(bridge.browser())).status).toBe(200)
    const alice = await findUserByEmail(bridge.storage, 'staff', ALICE.email)
    const { entries } = await listAudit(bridge.storage, { event: 'sign_in' })
    expect(entries).toEqual([
      expect.objectContaining({
        event: 'sign_in.succeeded',
        actor: { type: 'user', id: alice!.id },
        app: 'shop',
        connection: 'staff',
        user: alice!.id,
        requestId: expect.any(String),
      }),
    ])
  })

  it('records failures with their reason and the email tried, never the password', async () => {
    const bridge = await createTestBridge()
    const wrong = { email: 'Mallory@example.com', password: 'guess-guess-guess' }
    expect((await signInWithPassword(bridge.browser(), {}, wrong)).status).toBe(401)
    const alice = (await findUserByEmail(bridge.storage, 'staff', ALICE.email))!
    await saveUser(bridge.storage, { ...alice, disabled: true })
    await signInWithPassword(bridge.browser())
    const { entries } = await listAudit(bridge.storage, { event: 'sign_in.failed' })
    expect(entries.map((e) => [e.reason, e.email ?? e.user])).toEqual([
      ['invalid_credentials', ALICE.email],
      ['invalid_credentials', wrong.email],
    ])
    expect(entries[1]).toMatchObject({ actor: { type: 'anonymous', id: 'mallory@example.com' } })
    expect(JSON.stringify(entries)).not.toContain(wrong.password)
  })

  it('records config changes with before and after, secrets sealed', async () => {
    const bridge = await createTestBridge()
    const { entries } = await listAudit(bridge.storage, { app: 'shop' })
    expect(entries).toEqual([
      expect.objectContaining({
        event: 'app.created',
        actor: { type: 'config', id: 'config-file' },
        after: expect.objectContaining({
          id: 'shop',
          signing: { alg: 'HS256', secret: '[sealed]' },
        }),
      }),
    ])
    expect(JSON.stringify(await listAudit(bridge.storage, {}))).not.toMatch(/v1\.|argon2/)
  })
})
