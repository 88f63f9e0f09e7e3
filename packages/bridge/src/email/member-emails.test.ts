import { describe, expect, it } from 'vitest'
import { consumeEmailToken } from '../domain/email-tokens.js'
import { createUser } from '../domain/users.js'
import type { EmailRequest, Mailer } from './types.js'
import { memoryStorage } from '../testing/bridge-fixture.js'
import { sendAccountExists, sendPasswordReset, sendVerification } from './member-emails.js'

async function setup() {
  const storage = await memoryStorage()
  const sent: EmailRequest[] = []
  const email: Mailer = {
    configured: true,
    enqueue: async (request) => {
      sent.push(request)
      return `entry-${sent.length}`
    },
  }
  const services = {
    storage,
    email,
    settings: { issuer: 'http://localhost:4000', sessionTtl: 3600 },
  }
  const user = (await createUser(storage, {
    connection: 'members',
    email: 'Ann@Example.com',
    emailVerified: false,
  }))!
  return { storage, sent, services, user }
}

describe('member emails', () => {
  it('a verification email carries a bridge link whose token verifies this user once', async () => {
    const { storage, sent, services, user } = await setup()
    expect(await sendVerification(services, user.id)).toBe('entry-1')
    expect(sent[0]).toMatchObject({
      to: 'Ann@Example.com',
      template: 'verify-email',
      owner: 'members',
      data: { expiresInMinutes: 1440 },
    })
    const link = new URL(sent[0]!.data.link!)
    expect(link.origin + link.pathname).toBe('http://localhost:4000/verify-email')
    const token = link.searchParams.get('token')!
    expect((await consumeEmailToken(storage, 'verify-email', token)).user.id).toBe(user.id)
    await expect(consumeEmailToken(storage, 'reset-password', token)).rejects.toMatchObject({
      reason: 'email_token_unknown',
    })
  })

  it('a reset email carries a 30-minute reset link, not usable as a verification', async () => {
    const { storage, sent, services, user } = await setup()
    await sendPasswordReset(services, user.id, {
      signIn: { txId: 'tx-1', browserHash: 'h' },
    })
    expect(sent[0]).toMatchObject({ template: 'reset-password', data: { expiresInMinutes: 30 } })
    const token = new URL(sent[0]!.data.link!).searchParams.get('token')!
    await expect(consumeEmailToken(storage, 'verify-email', token)).rejects.toMatchObject({
      reason: 'email_token_other_purpose',
    })
    const { record } = await consumeEmailToken(storage, 'reset-password', token)
    expect(record.signIn).toEqual({ txId: 'tx-1', browserHash: 'h' })
  })

  it("the email is asked for in the page's language, English when it gives none", async () => {
    const { sent, services, user } = await setup()
    await sendVerification(services, user.id, { locale: 'ja' })
    await sendAccountExists(services, user.id, { locale: 'fr' })
    await sendPasswordReset(services, user.id)
    expect(sent.map((request) => request.locale)).toEqual(['ja', 'fr', undefined])
    expect(sent[1]!.template).toBe('account-exists')
  })

  it('an unknown user is not_found and sends nothing', async () => {
    const { sent, services } = await setup()
    await expect(sendVerification(services, 'nobody')).rejects.toMatchObject({
      code: 'not_found',
      reason: 'record_missing',
    })
    expect(sent).toHaveLength(0)
  })
})
