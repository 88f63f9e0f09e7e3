// Runs a demo site on a real port (used by main.ts files, the demo script and e2e tests).
import type { AddressInfo } from 'node:net'
import { serve, type ServerType } from '@hono/node-server'
import { createDemoSite, type DemoSite } from './create-demo-site.js'
import type { DemoSiteOptions } from './options.js'

export type StartDemoSiteOptions = Omit<DemoSiteOptions, 'publicUrl'> & {
  port: number
  /** Default 127.0.0.1. */
  hostname?: string
  /** Default: the URL the server listens on (handy with port 0). */
  publicUrl?: string
}

export interface RunningDemoSite {
  /** The URL the server listens on. */
  url: string
  site: DemoSite
  close(): Promise<void>
}

export async function startDemoSite(options: StartDemoSiteOptions): Promise<RunningDemoSite> {
  const { port, hostname = '127.0.0.1', publicUrl, ...siteOptions } = options
  let site: DemoSite | undefined
  let server: ServerType | undefined
  // The server starts first so that port 0 can become the default publicUrl.
  const address = await new Promise<AddressInfo>((resolve, reject) => {
    server = serve(
      {
        fetch: (request) =>
          site ? site.app.fetch(request) : new Response('Starting', { status: 503 }),
        port,
        hostname,
      },
      resolve,
    )
    server.once('error', reject)
  })
  const host = address.address.includes(':') ? `[${address.address}]` : address.address
  const url = `http://${host}:${address.port}`
  try {
    site = createDemoSite({ ...siteOptions, publicUrl: publicUrl ?? url })
  } catch (error) {
    await closeServer(server)
    throw error
  }
  const running = site
  return {
    url,
    site: running,
    async close() {
      await closeServer(server)
      running.close()
    },
  }
}

function closeServer(server: ServerType | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!server) return resolve()
    server.close((error) => (error ? reject(error) : resolve()))
    if ('closeAllConnections' in server) server.closeAllConnections()
  })
}
