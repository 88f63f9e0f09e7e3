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
})
