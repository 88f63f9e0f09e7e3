/** The console's page of member emails: listed by state, retried by a CSRF form over real SMTP. */
import { afterEach, describe, expect, it } from 'vitest'
import { createAdmin } from '../../admin/admin-accounts.js'
import { listAudit } from '../../domain/audit-log.js'
import { findUserByEmail } from '../../domain/users.js'
import { ADMIN, formFields, post } from '../../testing/admin-console-test-kit.js'
import { ALICE, createTestBridge, testConfig } from '../../testing/bridge-fixture.js'
import { startSmtpCapture } from '../../testing/smtp-capture.js'

const closing: (() => Promise<unknown>)[] = []
afterEach(async () => {
  while (closing.length) await closing.pop()!()
})

async function setUp() {
  // Down: the send fails, and with no retries the email is failed at once, for the admin.
  const smtp = await startSmtpCapture({ down: true })
  closing.push(() => smtp.close())
  const bridge = await createTestBridge({
    email: { pollMs: 50, retryDelaysMs: [] },
    config: { ...testConfig(), smtp: { url: smtp.url, from: 'Sign-in <signin@example.com>' } },
  })
  closing.push(() => bridge.services.emailSender.stop())
  await createAdmin(bridge.storage, { type: 'cli', id: 'test' }, ADMIN)
  const admin = bridge.browser()
  const login = await (await admin.get('/admin/login')).text()
  await post(admin, '/admin/login', { ...formFields(login, '/admin/login'), ...ADMIN })
  // A reset link to Alice from her page, which fails to send.
  const alice = (await findUserByEmail(bridge.storage, 'staff', ALICE.email))!
  const action = `/admin/users/${alice.id}/password-reset-email`
  const userPage = await (await admin.get(`/admin/users/${alice.id}`)).text()
  expect((await post(admin, action, formFields(userPage, action))).status).toBe(303)
  await bridge.services.emailSender.idle()
  return { bridge, smtp, admin }
}

describe('console: emails', () => {
  it('shows a failed email, retries it from its form, and the server gets it', async () => {
    const { bridge, smtp, admin } = await setUp()
    const overview = await (await admin.get('/admin')).text()
    expect(overview).toContain('href="/admin/emails"')
    const page = await admin.get('/admin/emails')
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('<code>reset-password</code>')
    expect(html).toContain('<td>example.com</td>')
    expect(html).toContain('<td>failed</td>')
    expect(html).toContain('connection_failed')
    // The mailbox and the message stay sealed.
    expect(html).not.toContain(ALICE.email)
    expect(html).not.toMatch(/token=/)
    const [entry] = await bridge.storage.outbox.list({ kind: 'email', limit: 1 })
    const action = `/admin/emails/${entry!.id}/retry`
    const fields = formFields(html, action)
    expect(fields.csrf).toBeTruthy()

    // Without the CSRF token nothing is retried.
    const refused = await post(admin, action, { csrf: 'wrong' })
    expect(refused.status).toBe(403)
    expect((await bridge.storage.outbox.get('email', entry!.id))?.state).toBe('failed')

    await smtp.up()
    const retried = await post(admin, action, fields)
    expect(retried.status).toBe(303)
    expect(retried.headers.get('Location')).toBe('/admin/emails?done=retried')
    expect(await (await admin.get('/admin/emails?done=retried')).text()).toContain('Queued')
    // The worker's next poll sends it.
    const message = await smtp.next(ALICE.email)
    expect(message.text).toMatch(/\/reset-password\?token=/)
    await bridge.services.emailSender.idle()
    const sent = await (await admin.get('/admin/emails?state=delivered')).text()
    expect(sent).toContain('<td>sent</td>')
    expect(sent).not.toContain(action)
    expect(await (await admin.get('/admin/emails?state=failed')).text()).toContain('No emails.')
    const { entries } = await listAudit(bridge.storage, { event: 'email.retried' })
    expect(entries).toMatchObject([
      {
        actor: { type: 'admin', label: ADMIN.email },
        connection: 'staff',
        target: { type: 'email', id: entry!.id },
      },
    ])

    // Sent already: nothing to retry; an unknown email is not found.
    const again = await post(admin, action, fields)
    expect(again.headers.get('Location')).toBe('/admin/emails?done=unchanged')
    expect((await post(admin, '/admin/emails/nope/retry', fields)).status).toBe(404)
  })

  it('filters by connection, and ignores a query it did not hand out', async () => {
    const { admin } = await setUp()
    expect(await (await admin.get('/admin/emails?connection=staff')).text()).toContain(
      '<code>reset-password</code>',
    )
    expect(await (await admin.get('/admin/emails?connection=partners')).text()).toContain(
      'No emails.',
    )
    const odd = await admin.get('/admin/emails?state=lost&cursor=x&connection=%3Cb%3E')
    expect(odd.status).toBe(200)
    const html = await odd.text()
    expect(html).toContain('<code>reset-password</code>')
    expect(html).not.toContain('<b>')
  })

  it('is behind the admin sign-in', async () => {
    const { bridge } = await setUp()
    expect((await bridge.browser().get('/admin/emails')).status).toBe(303)
    const posted = await bridge.browser().post('/admin/emails/nope/retry', {})
    expect(posted.status).toBe(403)
  })
})
