/**
 * The demo's mailbox: an SMTP server the demo bridge sends through and a page that shows what it
 * received, so sign-up, password reset and magic links work on one machine with no mail account.
 */
import type { AddressInfo } from 'node:net'
import { serve, type ServerType } from '@hono/node-server'
import type { SMTPServer } from 'smtp-server'
import { createMessageStore, type MailboxMessage } from './message-store.js'
import { createSmtpServer } from './smtp.js'
import { createMailboxApp } from './web.js'

export type { MailboxMessage } from './message-store.js'

export interface MailboxOptions {
  /** 0 for any free port. */
  smtpPort: number
  webPort: number
  /** Loopback only: it accepts mail from anyone who can reach it. Default 127.0.0.1. */
  host?: '127.0.0.1' | '::1'
  /** Largest message accepted, in bytes. Default 1 MiB. */
  sizeLimit?: number
  /** How many messages are kept, the oldest forgotten first. Default 200. */
  keep?: number
}

export interface RunningMailbox {
  /** `smtp://127.0.0.1:<port>`: what the bridge's `smtp.url` takes. */
  smtpUrl: string
  /** The web page. */
  url: string
  /** Newest first. */
  messages(): MailboxMessage[]
  close(): Promise<void>
}

const LOOPBACK = new Set(['127.0.0.1', '::1'])

export async function startMailbox(options: MailboxOptions): Promise<RunningMailbox> {
  const host = options.host ?? '127.0.0.1'
  if (!LOOPBACK.has(host)) throw new TypeError('the mailbox listens on loopback only')
  const store = createMessageStore(options.keep ?? 200)
  const smtp = createSmtpServer({
    sizeLimit: options.sizeLimit ?? 1024 * 1024,
    onMessage: (message) => void store.add(message),
  })
  const smtpPort = await listenSmtp(smtp, options.smtpPort, host)
  let web: ServerType | undefined
  let webAddress: AddressInfo
  try {
    webAddress = await new Promise<AddressInfo>((resolve, reject) => {
      web = serve(
        { fetch: createMailboxApp(store).fetch, port: options.webPort, hostname: host },
        resolve,
      )
      web.once('error', reject)
    })
  } catch (error) {
    await new Promise<void>((done) => smtp.close(() => done()))
    throw error
  }
  const origin = (port: number) => (host === '::1' ? `[::1]:${port}` : `${host}:${port}`)
  return {
    smtpUrl: `smtp://${origin(smtpPort)}`,
    url: `http://${origin(webAddress.port)}`,
    messages: () => store.list(),
    async close() {
      await Promise.all([
        new Promise<void>((done) => smtp.close(() => done())),
        new Promise<void>((resolve, reject) => {
          web?.close((error) => (error ? reject(error) : resolve()))
          if (web && 'closeAllConnections' in web) web.closeAllConnections()
        }),
      ])
    },
  }
}

function listenSmtp(server: SMTPServer, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      // Later errors (a client that resets its connection) must not crash the demo.
      server.on('error', () => undefined)
      resolve((server.server.address() as AddressInfo).port)
    })
  })
}
