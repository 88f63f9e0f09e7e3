/**
 * A real webhook receiver on 127.0.0.1 (node:http on a free port): it verifies every POST with
 * the `standardwebhooks` library and the endpoint's secret, as a site would, keeps what it got,
 * and answers as the test tells it (a status per attempt, a redirect, or never).
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Webhook } from 'standardwebhooks'

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders
  body: string
  /** What `Webhook.verify` returned; undefined when it threw (then `error` says why). */
  event?: { type: string; timestamp: string; data: Record<string, unknown> }
  error?: string
  at: number
}

/** The nth POST's answer (1-based): a status, `hang` (never answer), or a redirect. */
export type ReceiverAnswer = (attempt: number) => number | 'hang' | { redirect: string }

export interface WebhookReceiver {
  url: string
  /** Set once the endpoint exists and its secret is known. */
  secret: string
  received: ReceivedWebhook[]
  answer: ReceiverAnswer
  close(): Promise<void>
}

const readBody = async (req: IncomingMessage) => {
  let body = ''
  for await (const chunk of req) body += String(chunk)
  return body
}

export async function startWebhookReceiver(
  answer: ReceiverAnswer = () => 200,
): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = []
  const receiver: WebhookReceiver = {
    url: '',
    secret: '',
    received,
    answer,
    close: async () => undefined,
  }
  const server = createServer((req, res) => {
    void readBody(req).then((body) => {
      const got: ReceivedWebhook = { headers: req.headers, body, at: Date.now() }
      try {
        got.event = new Webhook(receiver.secret).verify(
          body,
          req.headers as Record<string, string>,
        ) as ReceivedWebhook['event']
      } catch (error) {
        got.error = error instanceof Error ? error.message : String(error)
      }
      received.push(got)
      const reply = receiver.answer(received.length)
      if (reply === 'hang') return
      if (typeof reply === 'object') res.writeHead(302, { Location: reply.redirect }).end()
      else res.writeHead(reply).end()
    })
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/sso`
  receiver.close = () =>
    new Promise<void>((done) => {
      server.closeAllConnections()
      server.close(() => done())
    })
  return receiver
}
