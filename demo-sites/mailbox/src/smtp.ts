/**
 * The mailbox's SMTP side (smtp-server, nodemailer's): plain SMTP on loopback, no AUTH and no
 * STARTTLS (nothing leaves the machine), a size limit it enforces itself (the SIZE it advertises
 * is only a hint to clients), each accepted message parsed by mailparser.
 */
import { simpleParser } from 'mailparser'
import { SMTPServer } from 'smtp-server'
import type { MailboxMessage } from './message-store.js'

export type ReceivedMessage = Omit<MailboxMessage, 'id' | 'links'>

export interface SmtpOptions {
  /** Bytes; a longer message is refused with 552 and not kept. */
  sizeLimit: number
  onMessage(message: ReceivedMessage): void
}

const smtpError = (code: number, message: string) =>
  Object.assign(new Error(message), { responseCode: code })

export function createSmtpServer(options: SmtpOptions): SMTPServer {
  return new SMTPServer({
    logger: false,
    banner: 'ssobridge demo mailbox',
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    size: options.sizeLimit,
    maxClients: 20,
    // A client that opens a connection and says nothing is dropped rather than held forever.
    socketTimeout: 30_000,
    closeTimeout: 100,
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      let length = 0
      stream.on('data', (chunk: Buffer) => {
        length += chunk.length
        // Past the limit the rest is read and dropped: memory stays bounded by the limit.
        if (length <= options.sizeLimit) chunks.push(chunk)
      })
      stream.on('end', () => {
        if (stream.sizeExceeded || length > options.sizeLimit)
          return callback(smtpError(552, `5.3.4 Message exceeds ${options.sizeLimit} bytes`))
        simpleParser(Buffer.concat(chunks))
          .then((parsed) => {
            options.onMessage({
              from: parsed.from?.text ?? (session.envelope.mailFrom || undefined)?.address ?? '',
              to: session.envelope.rcptTo.map((r) => r.address),
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              html: typeof parsed.html === 'string' ? parsed.html : '',
              date: new Date().toISOString(),
            })
            callback()
          })
          .catch(() => callback(smtpError(451, '4.3.0 The message could not be read')))
      })
    },
  })
}
