/**
 * The metrics listener: its own port, apart from the public one, serving `GET /metrics` and a
 * 404 for anything else. No Hono and no bridge routes: nothing of the sign-in surface is here.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { BridgeMetrics } from './bridge-metrics.js'

export interface MetricsServer {
  url: string
  port: number
  close(): Promise<void>
}

export async function startMetricsServer(options: {
  port: number
  hostname: string
  metrics: Pick<BridgeMetrics, 'scrape'>
}): Promise<MetricsServer> {
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '').split('?')[0]
    if (path !== '/metrics' || (request.method !== 'GET' && request.method !== 'HEAD')) {
      response.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found\n')
      return
    }
    options.metrics.scrape().then(
      (scraped) => {
        if (!scraped) return void response.writeHead(404).end()
        response.writeHead(200, { 'Content-Type': scraped.contentType })
        response.end(request.method === 'HEAD' ? undefined : scraped.body)
      },
      () => void response.writeHead(500, { 'Content-Type': 'text/plain' }).end('scrape failed\n'),
    )
  })
  await new Promise<void>((done, fail) => {
    server.once('error', fail)
    server.listen(options.port, options.hostname, () => {
      server.off('error', fail)
      done()
    })
  })
  const { port } = server.address() as AddressInfo
  const host = options.hostname.includes(':') ? `[${options.hostname}]` : options.hostname
  return {
    url: `http://${host}:${port}/metrics`,
    port,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done())
        server.closeAllConnections()
      }),
  }
}
