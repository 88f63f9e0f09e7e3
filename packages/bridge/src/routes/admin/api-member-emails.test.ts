/** POST /admin/api/users/{id}/verification-email and …/password-reset-email, over real SMTP. */
import { afterEach, describe, expect, it } from 'vitest'
import { listAudit } from '../../domain/audit-log.js'
import { createUser, findUserByEmail } from '../../domain/users.js'
import { apiBridge, corp } from '../../testing/admin-api-test-kit.js'
import { ALICE, testConfig } from '../../testing/bridge-fixture.js'
import { captureLogs } from '../../testing/log-capture.js'
import { startSmtpCapture } from '../../testing/smtp-capture.js'

const closing: (() => Promise<unknown>)[] = []
afterEach(async () => {
  while (closing.length) await closing.pop()!()
})

async function setUp(options: { smtp?: boolean } = {}) {
  const logs = captureLogs()
  const smtp = options.smtp === false ? undefined : await startSmtpCapture()
  if (smtp) closing.push(() => smtp.close())
  const base = testConfig()
  const api = await apiBridge({
    logger: logs.logger,
    email: { pollMs: 50 },
    config: {
      ...base,
      connections: [...base.connections, corp],
      ...(smtp ? { smtp: { url: smtp.url, from: 'Sign-in <signin@example.com>' } } : {}),
    },
  })
  closing.push(() => api.bridge.services.emailSender.stop())
  const alice = await findUserByEmail(api.bridge.storage, 'staff', ALICE.email)
  if (!alice) throw new Error('alice is missing')
  /** The reason of the refusal the last request met, from the log line it wrote. */
  const reason = () => logs.lines.findLast((line) => line.reason !== undefined)?.reason
  return { ...api, smtp, alice, reason }
}

describe('admin API: member emails', () => {
  it('queues a verification link to a local user, audited with the API key', async () => {
    const { call, smtp, alice, bridge } = await setUp()
    const sent = await call('POST', `/users/${alice.id}/verification-email`)
    expect(sent.status).toBe(202)
    expect(sent.json).toEqual({ queued: true })
    const message = await smtp!.next(ALICE.email)
    expect(message.text).toMatch(/http:\/\/localhost:4000\/verify-email\?token=[\w-]{20,}/)
    expect(message.html).toMatch(/href="http:\/\/localhost:4000\/verify-email\?token=[\w-]{20,}"/)
    const { entries } = await listAudit(bridge.storage, { event: 'user.verification_sent' })
    expect(entries).toMatchObject([
      {
        actor: { type: 'api_key' },
        user: alice.id,
        connection: 'staff',
        target: { type: 'email', id: expect.any(String) },
      },
    ])
  })

  it('queues a password reset link, audited as user.reset_sent', async () => {
    const { call, smtp, alice, bridge } = await setUp()
    const sent = await call('POST', `/users/${alice.id}/password-reset-email`)
    expect(sent.status).toBe(202)
    expect(sent.json).toEqual({ queued: true })
    const message = await smtp!.next(ALICE.email)
    expect(message.text).toMatch(/http:\/\/localhost:4000\/reset-password\?token=[\w-]{20,}/)
    const { entries } = await listAudit(bridge.storage, { event: 'user.reset_sent' })
    expect(entries).toMatchObject([{ actor: { type: 'api_key' }, user: alice.id }])
  })

  it('shows emailVerified in the list and the record', async () => {
    const { call, alice } = await setUp()
    expect((await call('GET', `/users/${alice.id}`)).json.user.emailVerified).toBe(true)
    const listed = (await call('GET', '/users')).json.users
    expect(listed.find((u: { id: string }) => u.id === alice.id).emailVerified).toBe(true)
  })

  it('refuses a key without users:write (403, scope_missing) and sends nothing', async () => {
    const { call, key, alice, smtp, reason } = await setUp()
    const readOnly = await key(['users:read'])
    for (const path of ['verification-email', 'password-reset-email']) {
      const refused = await call('POST', `/users/${alice.id}/${path}`, { key: readOnly })
      expect(refused.status).toBe(403)
      expect(refused.json.error).toBe('insufficient_scope')
      expect(reason()).toBe('scope_missing')
    }
    expect(smtp!.messages).toHaveLength(0)
  })

  it('answers 404 for an unknown or malformed user id', async () => {
    const { call } = await setUp()
    expect((await call('POST', '/users/no-such-user/verification-email')).status).toBe(404)
    expect((await call('POST', `/users/${'x'.repeat(300)}/password-reset-email`)).status).toBe(404)
  })

  it('refuses a user of an upstream connection (409) and sends nothing', async () => {
    const { call, bridge, smtp, reason } = await setUp()
    const upstream = await createUser(bridge.storage, {
      connection: 'corp',
      email: 'bob@corp.example',
      emailVerified: false,
    })
    for (const path of ['verification-email', 'password-reset-email']) {
      const refused = await call('POST', `/users/${upstream!.id}/${path}`)
      expect(refused.status).toBe(409)
      expect(refused.json.error).toBe('conflict')
      expect(refused.json.error_description).toMatch(/identity provider/)
      expect(reason()).toBe('illegal_transition')
    }
    expect(smtp!.messages).toHaveLength(0)
  })

  it('refuses a disabled user (409, user_disabled)', async () => {
    const { call, alice, smtp, reason } = await setUp()
    expect((await call('POST', `/users/${alice.id}/disable`)).status).toBe(200)
    const refused = await call('POST', `/users/${alice.id}/password-reset-email`)
    expect(refused.status).toBe(409)
    expect(refused.json.error_description).toMatch(/disabled/)
    expect(reason()).toBe('user_disabled')
    expect(smtp!.messages).toHaveLength(0)
  })

  it('without SMTP answers 400 smtp_not_configured and audits nothing', async () => {
    const { call, alice, bridge, reason } = await setUp({ smtp: false })
    for (const path of ['verification-email', 'password-reset-email']) {
      const refused = await call('POST', `/users/${alice.id}/${path}`)
      expect(refused.status).toBe(400)
      expect(refused.json.error).toBe('invalid_config')
      expect(refused.json.error_description).toMatch(/SMTP/)
      expect(reason()).toBe('smtp_not_configured')
    }
    const { entries } = await listAudit(bridge.storage, { event: 'user' })
    expect(entries.map((e) => e.event)).not.toContain('user.verification_sent')
    expect(entries.map((e) => e.event)).not.toContain('user.reset_sent')
  })

  it('documents both routes in the OpenAPI document', async () => {
    const { call } = await setUp({ smtp: false })
    const doc = (await call('GET', '/openapi.json', { key: null })).json
    for (const path of ['verification-email', 'password-reset-email']) {
      const operation = doc.paths[`/users/{id}/${path}`].post
      expect(operation['x-scope']).toBe('users:write')
      expect(operation.responses['202']).toBeDefined()
    }
  })
})
