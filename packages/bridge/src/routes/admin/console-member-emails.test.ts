/** The console's member emails on a user's page: resend a verification, send a reset, over SMTP. */
import { afterEach, describe, expect, it } from 'vitest'
import { createAdmin } from '../../admin/admin-accounts.js'
import { listAudit } from '../../domain/audit-log.js'
import { createUser, findUserByEmail } from '../../domain/users.js'
import { corp } from '../../testing/admin-api-test-kit.js'
import { ADMIN, formFields, post } from '../../testing/admin-console-test-kit.js'
import { ALICE, createTestBridge, testConfig } from '../../testing/bridge-fixture.js'
import { startSmtpCapture } from '../../testing/smtp-capture.js'

const closing: (() => Promise<unknown>)[] = []
afterEach(async () => {
  while (closing.length) await closing.pop()!()
})

async function setUp(options: { smtp?: boolean } = {}) {
  const smtp = options.smtp === false ? undefined : await startSmtpCapture()
  if (smtp) closing.push(() => smtp.close())
  const base = testConfig()
  const bridge = await createTestBridge({
    email: { pollMs: 50 },
    config: {
      ...base,
      connections: [...base.connections, corp],
      ...(smtp ? { smtp: { url: smtp.url, from: 'Sign-in <signin@example.com>' } } : {}),
    },
  })
  closing.push(() => bridge.services.emailSender.stop())
  await createAdmin(bridge.storage, { type: 'cli', id: 'test' }, ADMIN)
  const browser = bridge.browser()
  const login = await (await browser.get('/admin/login')).text()
  await post(browser, '/admin/login', { ...formFields(login, '/admin/login'), ...ADMIN })
  const alice = (await findUserByEmail(bridge.storage, 'staff', ALICE.email))!
  /** Presses a button of the user's page, with the CSRF token the page carries. */
  async function press(userId: string, action: string) {
    const path = `/admin/users/${userId}/${action}`
    const page = await (await browser.get(`/admin/users/${userId}`)).text()
    return post(browser, path, formFields(page, path))
  }
  return { bridge, browser, smtp, alice, press }
}

describe('console: member emails', () => {
  it('shows the verification state in the list and on the page, with both buttons', async () => {
    const { browser, alice } = await setUp()
    const list = await (await browser.get('/admin/users')).text()
    expect(list).toContain('<th scope="col">Verified</th>')
    const page = await (await browser.get(`/admin/users/${alice.id}`)).text()
    expect(page).toContain('The address is verified.')
    expect(page).toContain('Resend verification email')
    expect(page).toContain('Send password reset email')
    expect(formFields(page, `/admin/users/${alice.id}/verification-email`).csrf).toBeTruthy()
  })

  it('resends a verification email: flash, a real email with the link, audited', async () => {
    const { bridge, browser, smtp, alice, press } = await setUp()
    const response = await press(alice.id, 'verification-email')
    expect(response.status).toBe(303)
    const location = response.headers.get('Location')!
    expect(location).toBe(`/admin/users/${alice.id}?done=verification_sent`)
    expect(await (await browser.get(location)).text()).toContain('Verification email queued')
    const message = await smtp!.next(ALICE.email)
    expect(message.text).toMatch(/http:\/\/localhost:4000\/verify-email\?token=[\w-]{20,}/)
    const { entries } = await listAudit(bridge.storage, { event: 'user.verification_sent' })
    expect(entries).toMatchObject([{ actor: { type: 'admin', label: ADMIN.email } }])
  })

  it('sends a password reset email with a /reset-password link', async () => {
    const { browser, smtp, alice, press } = await setUp()
    const response = await press(alice.id, 'password-reset-email')
    expect(response.headers.get('Location')).toBe(`/admin/users/${alice.id}?done=reset_sent`)
    const flashed = await (await browser.get(response.headers.get('Location')!)).text()
    expect(flashed).toContain('Password reset email queued')
    const message = await smtp!.next(ALICE.email)
    expect(message.text).toMatch(/http:\/\/localhost:4000\/reset-password\?token=[\w-]{20,}/)
  })

  it('refuses a post without the CSRF token and sends nothing', async () => {
    const { browser, smtp, alice } = await setUp()
    const response = await post(browser, `/admin/users/${alice.id}/verification-email`, {})
    expect(response.status).toBe(403)
    expect(smtp!.messages).toHaveLength(0)
  })

  it('without SMTP says so on the page (400) and queues nothing', async () => {
    const { bridge, alice, press } = await setUp({ smtp: false })
    const response = await press(alice.id, 'password-reset-email')
    expect(response.status).toBe(400)
    expect(await response.text()).toContain('No SMTP server is configured')
    const { entries } = await listAudit(bridge.storage, { event: 'user.reset_sent' })
    expect(entries).toHaveLength(0)
  })

  it('a disabled user has no buttons, and a forged post is refused with 409', async () => {
    const { browser, smtp, alice, press } = await setUp()
    await press(alice.id, 'disable')
    const page = await (await browser.get(`/admin/users/${alice.id}`)).text()
    expect(page).not.toContain('Resend verification email')
    const csrf = formFields(page, `/admin/users/${alice.id}/enable`).csrf as string
    const forged = await post(browser, `/admin/users/${alice.id}/verification-email`, { csrf })
    expect(forged.status).toBe(409)
    expect(await forged.text()).toContain('This user is disabled')
    expect(smtp!.messages).toHaveLength(0)
  })

  it('a user of an upstream connection has no buttons and is refused with 409', async () => {
    const { bridge, browser, smtp } = await setUp()
    const bob = (await createUser(bridge.storage, {
      connection: 'corp',
      email: 'bob@corp.example',
      emailVerified: false,
    }))!
    const page = await (await browser.get(`/admin/users/${bob.id}`)).text()
    expect(page).not.toContain('Send password reset email')
    const csrf = formFields(page, `/admin/users/${bob.id}/disable`).csrf as string
    const forged = await post(browser, `/admin/users/${bob.id}/password-reset-email`, { csrf })
    expect(forged.status).toBe(409)
    expect(await forged.text()).toContain('identity provider')
    expect(smtp!.messages).toHaveLength(0)
  })

  it('an unknown user answers 404', async () => {
    const { browser, alice } = await setUp()
    const page = await (await browser.get(`/admin/users/${alice.id}`)).text()
    const csrf = formFields(page, `/admin/users/${alice.id}/disable`).csrf as string
    const response = await post(browser, '/admin/users/nobody/verification-email', { csrf })
    expect(response.status).toBe(404)
  })
})
