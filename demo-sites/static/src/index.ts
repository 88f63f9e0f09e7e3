/**
 * The Gazette, a no-backend site: its files are published with the bridge's URL filled in (what a
 * site owner does by pasting the snippet) and served as they are by a plain static file server.
 */
import { cpSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { serve, type ServerType } from '@hono/node-server'
import { serveStatic } from '@hono/node-server/serve-static'
import { Hono } from 'hono'

const PUBLIC = fileURLToPath(new URL('../public', import.meta.url))

/** Copies the site to `outDir` with `{{BRIDGE_URL}}` replaced: the "paste the snippet" step. */
export function publishStaticSite(bridgeUrl: string, outDir: string): void {
  const bridge = new URL(bridgeUrl)
  if (bridge.protocol !== 'http:' && bridge.protocol !== 'https:') {
    throw new TypeError('bridgeUrl must be an http(s) URL')
  }
  mkdirSync(outDir, { recursive: true })
  cpSync(PUBLIC, outDir, { recursive: true })
  for (const file of readdirSync(outDir).filter((name) => name.endsWith('.html'))) {
    const path = join(outDir, file)
    writeFileSync(path, readFileSync(path, 'utf8').replaceAll('{{BRIDGE_URL}}', bridge.origin))
  }
}

export interface RunningStaticSite {
  url: string
  close(): Promise<void>
}

export async function startStaticSite(options: {
  port: number
  hostname?: string
  bridgeUrl: string
  /** Where the published files go (and are served from). */
  outDir: string
}): Promise<RunningStaticSite> {
  publishStaticSite(options.bridgeUrl, options.outDir)
  const bridge = new URL(options.bridgeUrl).origin
  const app = new Hono()
  app.use(async (c, next) => {
    await next()
    // A strict policy, to show that the script needs nothing inline and talks to the bridge only.
    c.header(
      'Content-Security-Policy',
      `default-src 'self'; script-src ${bridge}; connect-src ${bridge}; ` +
        "img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
    )
    c.header('X-Content-Type-Options', 'nosniff')
  })
  app.use('/*', serveStatic({ root: options.outDir }))
  let server: ServerType | undefined
  const address = await new Promise<AddressInfo>((resolve, reject) => {
    server = serve(
      { fetch: app.fetch, port: options.port, hostname: options.hostname ?? '127.0.0.1' },
      resolve,
    )
    server.once('error', reject)
  })
  return {
    url: `http://${address.address}:${address.port}`,
    close: () =>
      new Promise((resolve, reject) => {
        server?.close((error) => (error ? reject(error) : resolve()))
        if (server && 'closeAllConnections' in server) server.closeAllConnections()
      }),
  }
}
