/** /admin/api/emails: the member emails in the outbox, by state, connection and page; retry now. */
import { afterEach, describe, expect, it } from 'vitest'
import { findUserByEmail } from '../../domain/users.js'
import { apiBridge } from '../../testing/admin-api-test-kit.js'
import { ALICE, testConfig } from '../../testing/bridge-fixture.js'
import { captureLogs } from '../../testing/log-capture.js'
import { startSmtpCapture } from '../../testing/smtp-capture.js'

const closing: (() => Promise<unknown>)[] = []
afterEach(async () => {
  while (closing.length) await closing.pop()!()
})

async function setUp() {
  const logs = captureLogs()
  // Down: every send fails, and with no retries the email is failed at once, for the admin.
  const smtp = await startSmtpCapture({ down: true })
  closing.push(() => smtp.close())
  const api = await apiBridge({
    logger: logs.logger,
    email: { pollMs: 50, retryDelaysMs: [] },
    config: { ...testConfig(), smtp: { url: smtp.url, from: 'Sign-in <signin@example.com>' } },
  })
  closing.push(() => api.bridge.services.emailSender.stop())
  const alice = (await findUserByEmail(api.bridge.storage, 'staff', ALICE.email))!
  /** Sends Alice a reset link (through the API), and waits for its one attempt. */
  async function failOne() {
    expect((await api.call('POST', `/users/${alice.id}/password-reset-email`)).status).toBe(202)
    await api.bridge.services.emailSender.idle()
  }
  const reason = () => logs.lines.findLast((line) => line.reason !== undefined)?.reason
  return { ...api, smtp, alice, failOne, reason }
}

describe('admin API: emails', () => {
  it('lists the emails newest first, by state, connection and page: never the address', async () => {
    const { call, failOne } = await setUp()
    await failOne()
    await failOne()
    const all = await call('GET', '/emails')
    expect(all.status).toBe(200)
    expect(all.json.emails).toHaveLength(2)
    expect(all.json.emails[0]).toEqual({
      id: expect.any(String),
      connection: 'staff',
      template: 'reset-password',
      recipientDomain: 'example.com',
      state: 'failed',
      attempts: 1,
      createdAt: expect.any(Number),
      giveUpAt: expect.any(Number),
      lastAttemptAt: expect.any(Number),
      lastError: expect.any(String),
    })
    expect(all.json.emails[0].id > all.json.emails[1].id).toBe(true)
    expect(all.json).not.toHaveProperty('nextCursor')
    // Nothing of the mailbox, the body or the sealed message.
    expect(all.text).not.toMatch(/alice|token|sealed|reset-password\?|"ref"/i)

    const first = await call('GET', '/emails?limit=1')
    expect(first.json.emails).toHaveLength(1)
    expect(first.json.nextCursor).toBe(first.json.emails[0].id)
    const second = await call('GET', `/emails?limit=1&cursor=${first.json.nextCursor}`)
    expect(second.json.emails[0].id).toBe(all.json.emails[1].id)
    expect(second.json).not.toHaveProperty('nextCursor')

    expect((await call('GET', '/emails?state=failed')).json.emails).toHaveLength(2)
    expect((await call('GET', '/emails?state=delivered')).json).toEqual({ emails: [] })
    expect((await call('GET', '/emails?connection=staff')).json.emails).toHaveLength(2)
    expect((await call('GET', '/emails?connection=partners')).json).toEqual({ emails: [] })
  })

  it('refuses a malformed query (400) with the parameter named', async () => {
    const { call, reason } = await setUp()
    for (const query of [
      'state=lost',
      'cursor=x',
      'limit=1000',
      'limit=0',
      'connection=Not%20An%20Id',
      'owner=staff',
    ]) {
      const refused = await call('GET', `/emails?${query}`)
      expect(refused.status, query).toBe(400)
      expect(refused.json.error).toBe('invalid_request')
      expect(refused.json.error_description).toMatch(/state|cursor|limit|connection|owner/)
    }
    const repeated = await call('GET', '/emails?state=failed&state=pending')
    expect(repeated.status).toBe(400)
    expect(reason()).toBe('parameter_repeated')
  })

  it('refuses a key of another scope (403, scope_missing)', async () => {
    const { call, key, failOne, reason } = await setUp()
    await failOne()
    const [failed] = (await call('GET', '/emails')).json.emails
    for (const scopes of [['apps:read'], ['audit:read']] as const) {
      const refused = await call('GET', '/emails', { key: await key(scopes) })
      expect(refused.status).toBe(403)
      expect(refused.json.error).toBe('insufficient_scope')
      expect(refused.json.error_description).toContain('users:read')
      expect(reason()).toBe('scope_missing')
    }
    const reader = await key(['users:read'])
    expect((await call('GET', '/emails', { key: reader })).status).toBe(200)
    const retry = await call('POST', `/emails/${failed.id}/retry`, { key: reader })
    expect(retry.status).toBe(403)
    expect(retry.json.error_description).toContain('users:write')
    expect(reason()).toBe('scope_missing')
    expect((await call('POST', `/emails/${failed.id}/retry`, { key: null })).status).toBe(401)
    expect((await call('GET', '/emails')).json.emails[0]).toMatchObject({ state: 'failed' })
  })

  it('retries a failed email with users:write: sent once the server is up, audited', async () => {
    const { call, key, smtp, failOne, bridge } = await setUp()
    await failOne()
    const [failed] = (await call('GET', '/emails')).json.emails
    await smtp.up()
    const retried = await call('POST', `/emails/${failed.id}/retry`, {
      key: await key(['users:write']),
    })
    expect(retried.status).toBe(200)
    expect(retried.json.email).toMatchObject({ id: failed.id, state: 'pending' })
    expect(retried.json.email.giveUpAt).toBeGreaterThan(failed.giveUpAt)
    // The worker's poll finds it: nothing is woken.
    const message = await smtp.next(ALICE.email)
    expect(message.text).toMatch(/\/reset-password\?token=/)
    await bridge.services.emailSender.idle()
    const [sent] = (await call('GET', '/emails?state=delivered')).json.emails
    expect(sent).toMatchObject({ id: failed.id, attempts: 2, deliveredAt: expect.any(Number) })

    const audit = await call('GET', '/audit?event=email.retried')
    expect(audit.json.entries).toMatchObject([
      {
        event: 'email.retried',
        actor: { type: 'api_key' },
        connection: 'staff',
        target: { type: 'email', id: failed.id },
        before: { state: 'failed' },
        after: { state: 'pending', template: 'reset-password', recipientDomain: 'example.com' },
      },
    ])
    expect(JSON.stringify(audit.json)).not.toContain(ALICE.email)

    const again = await call('POST', `/emails/${failed.id}/retry`)
    expect(again.status).toBe(409)
    expect(again.json.error).toBe('conflict')
  })

  it('answers 404 for an unknown or malformed email id', async () => {
    const { call } = await setUp()
    const unknown = await call('POST', '/emails/1700000000000-AAAAAAAAAAAA/retry')
    expect(unknown.status).toBe(404)
    expect(unknown.json.error).toBe('not_found')
    expect((await call('POST', '/emails/nope/retry')).status).toBe(404)
    expect((await call('POST', `/emails/${'x'.repeat(300)}/retry`)).status).toBe(404)
    expect((await call('DELETE', '/emails/nope')).status).toBe(404)
  })

  it('is in the OpenAPI document, with the scope each operation needs', async () => {
    const { call } = await setUp()
    const doc = (await call('GET', '/openapi.json', { key: null })).json
    expect(doc.paths['/emails'].get['x-scope']).toBe('users:read')
    expect(doc.paths['/emails/{id}/retry'].post['x-scope']).toBe('users:write')
    expect(Object.keys(doc.paths['/emails/{id}/retry'].post.responses)).toEqual(
      expect.arrayContaining(['200', '403', '404', '409']),
    )
    expect(doc.components.schemas.EmailDelivery.properties).not.toHaveProperty('to')
  })
})
