/**
 * Notes, a single-page app with no backend of its own: static files and one script bundle
 * (oidc-client-ts, bundled by esbuild at start), talking to the bridge as its OpenID Provider.
 */
import { readFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import { serve, type ServerType } from '@hono/node-server'
import { build } from 'esbuild'
import { Hono } from 'hono'

const PUBLIC = fileURLToPath(new URL('../public/', import.meta.url))
const ENTRY = fileURLToPath(new URL('./browser/app.ts', import.meta.url))

/** The browser bundle, with the bridge's URL built in. */
export async function bundleSpa(bridgeUrl: string): Promise<string> {
  const bridge = new URL(bridgeUrl)
  if (bridge.protocol !== 'http:' && bridge.protocol !== 'https:') {
    throw new TypeError('bridgeUrl must be an http(s) URL')
  }
  const result = await build({
    entryPoints: [ENTRY],
    bundle: true,
    format: 'esm',
    target: 'es2020',
    minify: true,
    write: false,
    legalComments: 'none',
    define: { BRIDGE_URL: JSON.stringify(bridge.origin) },
  })
  return result.outputFiles[0]!.text
}

export interface RunningSpa {
  url: string
  close(): Promise<void>
}

export async function startSpa(options: {
  port: number
  hostname?: string
  bridgeUrl: string
}): Promise<RunningSpa> {
  const bridge = new URL(options.bridgeUrl).origin
  const files: Record<string, { type: string; body: string }> = {
    '/': { type: 'text/html; charset=utf-8', body: readFileSync(`${PUBLIC}index.html`, 'utf8') },
    '/style.css': { type: 'text/css', body: readFileSync(`${PUBLIC}style.css`, 'utf8') },
    '/app.js': { type: 'text/javascript', body: await bundleSpa(bridge) },
  }
  const app = new Hono()
  app.get('*', (c) => {
    const file = files[c.req.path]
    if (!file) return c.text('Not found', 404)
    // Scripts from this origin only; the bridge is the one place it talks to.
    c.header(
      'Content-Security-Policy',
      `default-src 'self'; script-src 'self'; connect-src ${bridge}; img-src 'self' data:; ` +
        "frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
    )
    c.header('X-Content-Type-Options', 'nosniff')
    c.header('Referrer-Policy', 'no-referrer')
    c.header('Cache-Control', 'no-store')
    return c.body(file.body, 200, { 'Content-Type': file.type })
  })
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
