/**
 * A real back-channel logout endpoint on 127.0.0.1 (node:http on a free port): it keeps every
 * logout token POSTed to it and answers as the test tells it (a status per attempt, or never).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { decodeJwt, type JWTPayload } from 'jose'

export interface ReceivedLogout {
  token: string
  claims: JWTPayload
  at: number
}

/** What to answer the nth POST (1-based): a status (now or later), or 'hang' (never answer). */
export type SiteAnswer = (attempt: number) => number | Promise<number> | 'hang'

export interface BackchannelSite {
  url: string
  received: ReceivedLogout[]
  answer: SiteAnswer
  close(): Promise<void>
}

const readBody = async (req: IncomingMessage) => {
  let body = ''
  for await (const chunk of req) body += String(chunk)
  return body
}

export async function startBackchannelSite(
  answer: SiteAnswer = () => 200,
  port = 0,
): Promise<BackchannelSite> {
  const received: ReceivedLogout[] = []
  const site: BackchannelSite = { url: '', received, answer, close: async () => undefined }
  const server: Server = createServer((req, res) => {
    void readBody(req).then((body) => {
      const token = new URLSearchParams(body).get('logout_token') ?? ''
      received.push({ token, claims: decodeJwt(token), at: Date.now() })
      const status = site.answer(received.length)
      if (status !== 'hang') void Promise.resolve(status).then((code) => res.writeHead(code).end())
    })
  })
  await new Promise<void>((done) => server.listen(port, '127.0.0.1', done))
  site.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sso/backchannel-logout`
  site.close = () =>
    new Promise<void>((done) => {
      server.closeAllConnections()
      server.close(() => done())
    })
  return site
}

/** A free port nobody listens on: a site that is down. */
export async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((done) => server.close(() => done()))
  return port
}
