import { randomBytes } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import { BridgeError } from '../errors.js'
import { createSecretBox } from '../keys/secret-box.js'
import { memoryStorage } from '../testing/bridge-fixture.js'
import { EMAIL_KIND, openMessage, type EmailPayload } from './email-outbox.js'
import { createMailer } from './mailer.js'

const settings = { url: 'smtp://127.0.0.1:1', from: 'signin@example.com', templates: {} }
const request = {
  to: 'ada@example.org',
  template: 'login-code' as const,
  owner: 'members',
  data: { code: '493817', link: 'https://sso.example.com/l?t=SECRETLINKTOKEN' },
}

async function refusal(run: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await run()
  } catch (error) {
    if (error instanceof BridgeError) return `${error.code}/${error.reason}`
    throw error
  }
  return undefined
}

describe('Mailer.enqueue', () => {
  test('seals the message: the stored payload holds no code, link or address in clear', async () => {
    const storage = await memoryStorage()
    const box = createSecretBox(randomBytes(32))
    const mailer = createMailer({ settings, storage, box, windowMs: 3600_000 })
    const id = await mailer.enqueue(request)
    const entry = await storage.outbox.get(EMAIL_KIND, id)
    expect(entry).toMatchObject({ owner: 'members', state: 'pending' })
    const stored = JSON.stringify(entry)
    expect(stored).not.toContain('493817')
    expect(stored).not.toContain('SECRETLINKTOKEN')
    expect(stored).not.toContain('ada@')
    const message = openMessage(box, 'members', entry!.payload as unknown as EmailPayload)
    expect(message).toMatchObject({ to: 'ada@example.org' })
    expect(message.text).toContain('493817')
    // Bound to its owner: the same payload under another entry's owner does not open.
    expect(() => openMessage(box, 'other', entry!.payload as unknown as EmailPayload)).toThrow()
  })

  test("the email is written in the request's language", async () => {
    const storage = await memoryStorage()
    const box = createSecretBox(randomBytes(32))
    const mailer = createMailer({ settings, storage, box, windowMs: 3600_000 })
    const id = await mailer.enqueue({ ...request, locale: 'de' })
    const entry = await storage.outbox.get(EMAIL_KIND, id)
    const message = openMessage(box, 'members', entry!.payload as unknown as EmailPayload)
    expect(message.subject).toBe('Ihr Anmeldecode für sso.example.com: 493817')
    expect(message.html).toContain('<html lang="de">')
  })

  test('each request is its own entry', async () => {
    const storage = await memoryStorage()
    const mailer = createMailer({
      settings,
      storage,
      box: createSecretBox(randomBytes(32)),
      windowMs: 1000,
    })
    const a = await mailer.enqueue(request)
    const b = await mailer.enqueue(request)
    expect(a).not.toBe(b)
    expect((await storage.outbox.pending(EMAIL_KIND)).count).toBe(2)
  })

  test('refuses bad addresses and CR/LF, and says when no SMTP is configured', async () => {
    const storage = await memoryStorage()
    const box = createSecretBox(randomBytes(32))
    const mailer = createMailer({ settings, storage, box, windowMs: 1000 })
    for (const to of ['nobody', 'a@b', `${'x'.repeat(250)}@example.org`, 'a b@example.org'])
      expect(await refusal(() => mailer.enqueue({ ...request, to }))).toBe(
        'invalid_request/email_address_invalid',
      )
    expect(
      await refusal(() => mailer.enqueue({ ...request, to: 'ada@example.org\r\nBcc: x@evil.org' })),
    ).toBe('invalid_request/header_line_break')
    const off = createMailer({ storage, box, windowMs: 1000 })
    expect(off.configured).toBe(false)
    expect(await refusal(() => off.enqueue(request))).toBe('invalid_config/smtp_not_configured')
    expect((await storage.outbox.pending(EMAIL_KIND)).count).toBe(0)
  })
})
