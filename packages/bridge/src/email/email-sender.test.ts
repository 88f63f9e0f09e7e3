import { randomBytes } from 'node:crypto'
import { afterEach, describe, expect, test } from 'vitest'
import { listAudit } from '../domain/audit-log.js'
import { createSecretBox } from '../keys/secret-box.js'
import { silentLogger } from '../logger.js'
import { memoryStorage } from '../testing/bridge-fixture.js'
import { startSmtpCapture, type SmtpCapture } from '../testing/smtp-capture.js'
import type { Storage } from '../storage/types.js'
import { EMAIL_KIND } from './email-outbox.js'
import { createEmailSender, type EmailSenderOptions } from './email-sender.js'
import { createMailer } from './mailer.js'
import type { EmailSettings } from './types.js'

const closing: (() => Promise<unknown>)[] = []
afterEach(async () => {
  while (closing.length) await closing.pop()!()
})

async function capture(options?: Parameters<typeof startSmtpCapture>[0]): Promise<SmtpCapture> {
  const smtp = await startSmtpCapture(options)
  closing.push(() => smtp.close())
  return smtp
}

function settingsFor(smtp: SmtpCapture): EmailSettings {
  return { url: smtp.url, from: 'Example sign-in <signin@example.com>', templates: {} }
}

function bridgeMail(
  storage: Storage,
  settings: EmailSettings | undefined,
  masterKey: Uint8Array,
  extra: Partial<EmailSenderOptions> = {},
) {
  const box = createSecretBox(masterKey)
  const sender = createEmailSender({
    settings,
    storage,
    box,
    logger: silentLogger,
    pollMs: 50,
    ...extra,
  })
  closing.push(() => sender.stop())
  const mailer = createMailer({
    settings,
    storage,
    box,
    windowMs: sender.windowMs,
    wake: () => sender.wake(),
  })
  return { sender, mailer }
}

const code = {
  to: 'ada@example.org',
  template: 'login-code' as const,
  owner: 'members',
  data: { appName: 'Shop', code: '493817', link: 'http://localhost:4000/login/link?t=abc' },
}

describe('the email sender, against a real SMTP server', () => {
  test('delivers a queued email once, with its HTML and text bodies, and audits it', async () => {
    const smtp = await capture()
    const storage = await memoryStorage()
    const { mailer, sender } = bridgeMail(storage, settingsFor(smtp), randomBytes(32))
    const id = await mailer.enqueue(code)
    const message = await smtp.next('ada@example.org')
    expect(message.subject).toBe('Your sign-in code for Shop: 493817')
    expect(message.fromHeader).toBe('"Example sign-in" <signin@example.com>')
    expect(message.text).toContain('493817')
    expect(message.text).toContain('http://localhost:4000/login/link?t=abc')
    expect(message.html).toContain('href="http://localhost:4000/login/link?t=abc"')
    await sender.idle()
    expect(smtp.messages).toHaveLength(1)
    expect(await storage.outbox.get(EMAIL_KIND, id)).toMatchObject({ state: 'delivered' })
    const { entries } = await listAudit(storage, { event: 'email' })
    expect(entries).toMatchObject([
      {
        event: 'email.sent',
        connection: 'members',
        target: { type: 'email', id },
        after: { template: 'login-code', recipientDomain: 'example.org', attempts: 1 },
      },
    ])
    expect(JSON.stringify(entries)).not.toContain('ada@')
    expect(JSON.stringify(entries)).not.toContain('493817')
  })

  test('a server that is down and comes back gets the email on a retry', async () => {
    const smtp = await capture({ down: true })
    const storage = await memoryStorage()
    const { mailer, sender } = bridgeMail(storage, settingsFor(smtp), randomBytes(32), {
      retryDelaysMs: [50, 50, 50, 50, 50, 50, 50, 50],
    })
    const id = await mailer.enqueue(code)
    for (let i = 0; i < 100 && !(await storage.outbox.get(EMAIL_KIND, id))?.lastError; i++)
      await new Promise((done) => setTimeout(done, 20))
    expect(await storage.outbox.get(EMAIL_KIND, id)).toMatchObject({
      state: 'pending',
      lastError: 'connection_failed',
    })
    await smtp.up()
    expect((await smtp.next('ada@example.org')).text).toContain('493817')
    await sender.idle()
    const entry = await storage.outbox.get(EMAIL_KIND, id)
    expect(entry?.state).toBe('delivered')
    expect(entry?.attempts).toBeGreaterThan(1)
  })

  test('a recipient the server refuses with 550 fails for good, audited with its reason', async () => {
    const smtp = await capture({ refuse: ['ada@example.org'] })
    const storage = await memoryStorage()
    const { mailer, sender } = bridgeMail(storage, settingsFor(smtp), randomBytes(32), {
      retryDelaysMs: [50, 50, 50],
    })
    const id = await mailer.enqueue(code)
    await sender.idle()
    expect(await storage.outbox.get(EMAIL_KIND, id)).toMatchObject({
      state: 'failed',
      attempts: 1,
      lastError: 'recipient_refused',
      lastStatus: 550,
    })
    expect(smtp.messages).toHaveLength(0)
    const { entries } = await listAudit(storage, { event: 'email.failed' })
    expect(entries).toMatchObject([
      { connection: 'members', reason: 'recipient_refused', after: { template: 'login-code' } },
    ])
  })

  test('a server slower than the timeout is given up on within it and retried', async () => {
    const smtp = await capture({ delayMs: 2000 })
    const storage = await memoryStorage()
    const { mailer, sender } = bridgeMail(storage, settingsFor(smtp), randomBytes(32), {
      timeoutMs: 200,
      retryDelaysMs: [],
    })
    const id = await mailer.enqueue(code)
    await sender.idle()
    expect(await storage.outbox.get(EMAIL_KIND, id)).toMatchObject({
      state: 'failed',
      lastError: 'timeout',
    })
    expect(smtp.messages).toHaveLength(0)
    const { entries } = await listAudit(storage, { event: 'email.failed' })
    expect(entries).toMatchObject([{ reason: 'gave_up', after: { lastError: 'timeout' } }])
  })

  test('another bridge on the same storage sends what a stopped one left', async () => {
    const smtp = await capture({ down: true })
    const storage = await memoryStorage()
    const masterKey = randomBytes(32)
    const first = bridgeMail(storage, settingsFor(smtp), masterKey, { retryDelaysMs: [60_000] })
    const id = await first.mailer.enqueue(code)
    for (let i = 0; i < 100 && !(await storage.outbox.get(EMAIL_KIND, id))?.lastError; i++)
      await new Promise((done) => setTimeout(done, 20))
    await first.sender.stop()
    await smtp.up()
    // The retry is due in a minute: an admin's "retry now" (or the due time) lets the second take it.
    await storage.outbox.retryNow(EMAIL_KIND, id, Date.now() + 60_000)
    const second = bridgeMail(storage, settingsFor(smtp), masterKey)
    expect((await smtp.next('ada@example.org')).subject).toContain('493817')
    await second.sender.idle()
    expect(await storage.outbox.get(EMAIL_KIND, id)).toMatchObject({ state: 'delivered' })
  })
})
