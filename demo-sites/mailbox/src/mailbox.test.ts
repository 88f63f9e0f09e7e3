import { createTransport } from 'nodemailer'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startMailbox, type MailboxMessage, type RunningMailbox } from './index.js'

const send = (
  mailbox: RunningMailbox,
  mail: Parameters<ReturnType<typeof createTransport>['sendMail']>[0],
) => createTransport(mailbox.smtpUrl).sendMail({ from: 'Example SSO <sso@localhost>', ...mail })

const json = async (mailbox: RunningMailbox) =>
  (await (await fetch(`${mailbox.url}/messages.json`)).json()) as MailboxMessage[]

describe('the demo mailbox', () => {
  let mailbox: RunningMailbox
  beforeAll(async () => {
    mailbox = await startMailbox({ smtpPort: 0, webPort: 0, host: '127.0.0.1' })
  })
  afterAll(() => mailbox.close())

  it('keeps a message sent over SMTP and answers it in /messages.json', async () => {
    await send(mailbox, {
      to: 'new.member@example.com',
      subject: 'Confirm your email for Shop',
      text: 'Open http://localhost:4000/verify-email?token=abc&x=1, then come back.',
      html: '<p><a href="http://localhost:4000/verify-email?token=abc&amp;x=1">Confirm</a></p>',
    })
    const [message] = await json(mailbox)
    expect(message).toMatchObject({
      id: expect.any(String),
      from: '"Example SSO" <sso@localhost>',
      to: ['new.member@example.com'],
      subject: 'Confirm your email for Shop',
      text: expect.stringContaining('/verify-email?token=abc'),
      html: expect.stringContaining('<a href='),
      links: ['http://localhost:4000/verify-email?token=abc&x=1'],
    })
    expect(Date.now() - Date.parse(message!.date)).toBeLessThan(10_000)
    expect(mailbox.messages()[0]).toEqual(message)
  })

  it('lists newest first, with the links of the text clickable', async () => {
    await send(mailbox, { to: 'a@example.com', subject: 'first', text: 'one' })
    await send(mailbox, {
      to: 'b@example.com',
      subject: 'second',
      text: 'see https://example.com/x.',
    })
    expect((await json(mailbox)).slice(0, 2).map((m) => m.subject)).toEqual(['second', 'first'])
    const page = await fetch(`${mailbox.url}/`)
    expect(page.status).toBe(200)
    const body = await page.text()
    expect(body.indexOf('>second<')).toBeLessThan(body.indexOf('>first<'))
    expect(body).toContain(
      'see <a href="https://example.com/x" rel="noreferrer">https://example.com/x</a>.',
    )
  })

  it('escapes what a message carries and shows its HTML only in a sandboxed iframe', async () => {
    await send(mailbox, {
      to: 'x@example.com',
      subject: '<script>alert(1)</script>',
      text: 'javascript:alert(2) <b>not bold</b>',
      html: '<p onclick="alert(3)">hi</p><a href="javascript:alert(4)">x</a><script>alert(5)</script>',
    })
    const [message] = await json(mailbox)
    expect(message!.links).toEqual([])
    for (const path of ['/', `/messages/${message!.id}`]) {
      const response = await fetch(`${mailbox.url}${path}`)
      const body = await response.text()
      expect(body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
      expect(body).toContain('&lt;b&gt;not bold&lt;/b&gt;')
      expect(body).not.toMatch(/<script|<b>|<p onclick|href="javascript/i)
      expect(response.headers.get('content-security-policy')).toContain("default-src 'none'")
      expect(response.headers.get('content-security-policy')).not.toContain('script-src')
      expect(response.headers.get('referrer-policy')).toBe('no-referrer')
    }
    const page = await (await fetch(`${mailbox.url}/messages/${message!.id}`)).text()
    expect(page).toContain(
      '<iframe sandbox="" srcdoc="&lt;p onclick=&quot;alert(3)&quot;&gt;hi&lt;/p&gt;',
    )
  })

  it('answers 404 for a message it does not have, and for any other path', async () => {
    for (const path of ['/messages/99999', '/messages/abc', '/messages/%3Cscript%3E', '/nope']) {
      const response = await fetch(`${mailbox.url}${path}`)
      expect(response.status).toBe(404)
      expect(await response.text()).toContain('That message is not here')
    }
    expect((await fetch(`${mailbox.url}/favicon.ico`)).status).toBe(204)
  })
})

describe('the demo mailbox limits', () => {
  it('refuses a message over its size limit with 552 and keeps nothing of it', async () => {
    const mailbox = await startMailbox({ smtpPort: 0, webPort: 0, sizeLimit: 4096 })
    try {
      const error = await send(mailbox, {
        to: 'big@example.com',
        subject: 'big',
        text: 'x'.repeat(10_000),
      }).catch((e: unknown) => e)
      expect(error).toMatchObject({ responseCode: 552 })
      expect(mailbox.messages()).toEqual([])
      await send(mailbox, { to: 'small@example.com', subject: 'small', text: 'ok' })
      expect(mailbox.messages().map((m) => m.subject)).toEqual(['small'])
    } finally {
      await mailbox.close()
    }
  })

  it('keeps only the newest messages', async () => {
    const mailbox = await startMailbox({ smtpPort: 0, webPort: 0, keep: 2 })
    try {
      for (const subject of ['1', '2', '3']) await send(mailbox, { to: 'k@example.com', subject })
      expect(mailbox.messages().map((m) => m.subject)).toEqual(['3', '2'])
      expect((await fetch(`${mailbox.url}/messages/1`)).status).toBe(404)
    } finally {
      await mailbox.close()
    }
  })

  it('listens on loopback only', async () => {
    await expect(
      startMailbox({ smtpPort: 0, webPort: 0, host: '0.0.0.0' as '127.0.0.1' }),
    ).rejects.toThrow(TypeError)
  })

  it('offers no AUTH and no STARTTLS: it is for loopback, where neither means anything', async () => {
    const mailbox = await startMailbox({ smtpPort: 0, webPort: 0 })
    try {
      const mail = { from: 'a@localhost', to: 'b@example.com', subject: 'creds', text: 'x' }
      // A client that requires TLS is told no rather than sending in the clear unknowingly.
      await expect(
        createTransport({ url: mailbox.smtpUrl, requireTLS: true } as never).sendMail(mail),
      ).rejects.toThrow()
      expect(mailbox.messages()).toEqual([])
      // Credentials in the URL are simply not used: no AUTH is offered.
      const url = new URL(mailbox.smtpUrl)
      url.username = 'user'
      url.password = 'secret'
      await createTransport(url.href).sendMail(mail)
      expect(mailbox.messages().map((m) => m.subject)).toEqual(['creds'])
    } finally {
      await mailbox.close()
    }
  })
})
