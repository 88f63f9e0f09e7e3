/**
 * A real SMTP server for tests (smtp-server, nodemailer's), on a free port of 127.0.0.1: keeps
 * every message it accepts, parsed by mailparser, and can behave as mail servers do when they
 * fail: not listening at all (`down`, then `up()`), refusing some recipients with 550, or
 * answering slowly (`delayMs` before the greeting and each answer).
 */
import { simpleParser } from 'mailparser'
import { SMTPServer, type SMTPServerSession } from 'smtp-server'
import { freePort } from '../../../../scripts/free-port.js'

export interface CapturedMessage {
  /** The first envelope recipient, as RCPT TO gave it. */
  to: string
  /** Every envelope recipient. */
  recipients: string[]
  /** The From header's address. */
  from: string
  /** The From header as written, display name included. */
  fromHeader: string
  subject: string
  text: string
  html: string
  /** Lowercase header names, the first value of each as written. */
  headers: Record<string, string>
  /** The whole message as received. */
  raw: string
  /** The user the client authenticated as, if it did. */
  user?: string
}

export interface SmtpCaptureOptions {
  /** Recipients refused with `550 5.1.1` at RCPT (compared without case). */
  refuse?: string[]
  /** Starts with the port closed: connections are refused until up(). */
  down?: boolean
  /** Waits this long before the greeting and before each answer to MAIL, RCPT and DATA. */
  delayMs?: number
}

export interface SmtpCapture {
  /** `smtp://user:pass@127.0.0.1:<port>`: any credentials are accepted. */
  url: string
  port: number
  messages: CapturedMessage[]
  /** The next message to `to` not yet returned by next(), waiting up to timeoutMs (5 s). */
  next(to: string, timeoutMs?: number): Promise<CapturedMessage>
  /** Connections refused from now on (the port stays reserved for up()). */
  down(): Promise<void>
  up(): Promise<void>
  /** How many connections the server accepted (refused ones never reach it). */
  connections(): number
  close(): Promise<void>
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms))

export async function startSmtpCapture(options: SmtpCaptureOptions = {}): Promise<SmtpCapture> {
  const refused = new Set((options.refuse ?? []).map((a) => a.toLowerCase()))
  const delay = options.delayMs ?? 0
  const messages: CapturedMessage[] = []
  const taken = new Set<CapturedMessage>()
  const waiters = new Set<() => void>()
  let accepted = 0
  const wait = async () => {
    if (delay > 0) await sleep(delay)
  }

  const makeServer = () =>
    new SMTPServer({
      logger: false,
      // Tests speak plain SMTP on loopback; STARTTLS would need a certificate the client trusts.
      disabledCommands: ['STARTTLS'],
      authOptional: true,
      allowInsecureAuth: true,
      size: 5 * 1024 * 1024,
      closeTimeout: 100,
      onConnect(_session, callback) {
        accepted++
        void wait().then(() => callback())
      },
      onAuth(auth, _session, callback) {
        callback(null, { user: auth.username ?? 'anonymous' })
      },
      onMailFrom(_address, _session, callback) {
        void wait().then(() => callback())
      },
      onRcptTo(address, _session, callback) {
        void wait().then(() => {
          if (!refused.has(address.address.toLowerCase())) return callback()
          const error = new Error('5.1.1 No such user here') as Error & { responseCode: number }
          error.responseCode = 550
          callback(error)
        })
      },
      onData(stream, session: SMTPServerSession, callback) {
        const chunks: Buffer[] = []
        stream.on('data', (chunk: Buffer) => chunks.push(chunk))
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8')
          void (async () => {
            await wait()
            const parsed = await simpleParser(raw)
            const headers: Record<string, string> = {}
            for (const line of parsed.headerLines) {
              const value = line.line.slice(line.line.indexOf(':') + 1).trim()
              headers[line.key] ??= value
            }
            const recipients = session.envelope.rcptTo.map((r) => r.address)
            messages.push({
              to: recipients[0] ?? '',
              recipients,
              from: parsed.from?.value[0]?.address ?? '',
              fromHeader: headers.from ?? '',
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              html: typeof parsed.html === 'string' ? parsed.html : '',
              headers,
              raw,
              user: typeof session.user === 'string' ? session.user : undefined,
            })
            for (const wake of waiters) wake()
            callback()
          })().catch((error: unknown) => callback(error as Error))
        })
      },
    })

  const port = await freePort()
  let server: SMTPServer | undefined
  const up = async () => {
    if (server) return
    const starting = makeServer()
    await new Promise<void>((done, fail) => {
      starting.once('error', fail)
      starting.listen(port, '127.0.0.1', () => done())
    })
    starting.on('error', () => undefined)
    server = starting
  }
  const down = async () => {
    const running = server
    server = undefined
    if (running) await new Promise<void>((done) => running.close(() => done()))
  }
  if (!options.down) await up()

  const find = (to: string) =>
    messages.find((m) => !taken.has(m) && m.recipients.some((r) => r.toLowerCase() === to))

  return {
    url: `smtp://capture:capture@127.0.0.1:${port}`,
    port,
    messages,
    async next(to, timeoutMs = 5000) {
      const wanted = to.toLowerCase()
      const deadline = Date.now() + timeoutMs
      for (;;) {
        const found = find(wanted)
        if (found) {
          taken.add(found)
          return found
        }
        const left = deadline - Date.now()
        if (left <= 0) throw new Error(`no email to ${to} within ${timeoutMs} ms`)
        await new Promise<void>((done) => {
          const wake = () => {
            waiters.delete(wake)
            clearTimeout(timer)
            done()
          }
          const timer = setTimeout(wake, left)
          waiters.add(wake)
        })
      }
    },
    down,
    up,
    connections: () => accepted,
    close: down,
  }
}
