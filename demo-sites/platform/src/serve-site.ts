// Runs one of the platform stand-ins on a real port (the demo, the e2e tests and the HTTP tests).
import type { AddressInfo } from 'node:net'
import { serve, type ServerType } from '@hono/node-server'

export interface ServedSite {
  url: string
  close(): Promise<void>
}

export interface ServeOptions {
  port: number
  hostname?: string
}

/** `make` runs once the port is known (port 0 picks one), so that the site's public URL is right. */
export async function serveSite<
  T extends { app: { fetch(request: Request): Response | Promise<Response> } },
>(options: ServeOptions, make: (publicUrl: string) => T): Promise<ServedSite & { site: T }> {
  const hostname = options.hostname ?? '127.0.0.1'
  const made: { site?: T } = {}
  let server: ServerType | undefined
  const address = await new Promise<AddressInfo>((resolve, reject) => {
    server = serve(
      {
        fetch: (request) =>
          made.site ? made.site.app.fetch(request) : new Response('Starting', { status: 503 }),
        port: options.port,
        hostname,
      },
      resolve,
    )
    server.once('error', reject)
  })
  const url = `http://${hostname}:${address.port}`
  made.site = make(url)
  return {
    url,
    site: made.site,
    close: () =>
      new Promise((resolve, reject) => {
        server?.close((error) => (error ? reject(error) : resolve()))
        if (server && 'closeAllConnections' in server) server.closeAllConnections()
      }),
  }
}
