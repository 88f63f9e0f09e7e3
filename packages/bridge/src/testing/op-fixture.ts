/**
 * A bridge behind a real HTTP server (oidc-provider needs Node's request and response), with
 * an OIDC client of each kind, and a cookie-keeping browser that walks redirects over HTTP.
 */
import { serve } from '@hono/node-server'
import { randomBytes } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import type { Storage } from '../storage/types.js'
import { ALICE, createTestBridge, testConfig } from './bridge-fixture.js'
import { readForm, TestBrowser } from './test-browser.js'

export const CRM_CALLBACK = 'http://127.0.0.1:4011/oidc/callback'
export const CRM_HOME = 'http://127.0.0.1:4011/'
export const CRM_SECRET = 'crm-client-secret-0123456789abcdefghijklmnop'
export const SPA_PAGE = 'http://127.0.0.1:4012/'
export const SPA_ORIGIN = 'http://127.0.0.1:4012'

export const opApps = [
  {
    id: 'crm',
    name: 'CRM',
    callbackUrls: [CRM_CALLBACK],
    connections: ['staff'],
    signing: { alg: 'RS256' },
    oidc: { clientSecret: CRM_SECRET, postLogoutRedirectUris: [CRM_HOME], refreshTokens: true },
  },
  {
    id: 'notes',
    name: 'Notes',
    callbackUrls: [SPA_PAGE],
    connections: ['staff'],
    signing: { alg: 'ES256' },
    oidc: { postLogoutRedirectUris: [SPA_PAGE], refreshTokens: true },
  },
]

export async function startOpBridge(
  options: {
    apps?: Record<string, unknown>[]
    bridge?: Parameters<typeof createTestBridge>[0]
    /** One bridge process per storage (one master key), taking requests in turn. */
    storages?: Storage[]
    /** Another public URL than http://localhost:<port> (an https one, say: requests stay http). */
    issuer?: (port: number) => string
  } = {},
) {
  let handle: (request: Request, env: unknown) => Response | Promise<Response> = () =>
    new Response('starting', { status: 503 })
  const server = serve({
    fetch: (request, env) => handle(request, env),
    port: 0,
    hostname: '127.0.0.1',
  })
  await new Promise<void>((done) => server.once('listening', done))
  const port = (server.address() as AddressInfo).port
  const issuer = options.issuer?.(port) ?? `http://localhost:${port}`
  const base = testConfig()
  const config = { ...base, issuer, apps: [...base.apps, ...opApps, ...(options.apps ?? [])] }
  const masterKey = randomBytes(32)
  const processes = await Promise.all(
    (options.storages ?? [undefined]).map((storage) =>
      createTestBridge({ masterKey, ...options.bridge, storage, config }),
    ),
  )
  const bridge = processes[0]!
  let turn = 0
  handle = (request, env) => processes[turn++ % processes.length]!.app.fetch(request, env)
  const http = {
    request: (url: string, init?: RequestInit) => fetch(url, { ...init, redirect: 'manual' }),
  }
  return {
    issuer,
    bridge,
    browser: (cookies?: Map<string, string>) => new TestBrowser(http, issuer, cookies),
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done())
        if ('closeAllConnections' in server) server.closeAllConnections()
      }),
  }
}

/**
 * Follows redirects from `url` like a browser; on the bridge's login page it signs in (when
 * credentials are given). Stops at the first URL outside the bridge, or a page it cannot pass.
 */
export async function walk(
  browser: TestBrowser,
  issuer: string,
  url: string,
  /** null: stop at the login page. */
  credentials: { email: string; password: string } | null = ALICE,
): Promise<{ url: URL; response?: Response }> {
  let next = new URL(url, issuer)
  for (let hop = 0; hop < 15; hop++) {
    if (next.origin !== new URL(issuer).origin) return { url: next }
    const response = await browser.get(next.href)
    const location = response.headers.get('Location')
    if (location && response.status >= 300 && response.status < 400) {
      next = new URL(location, next)
      continue
    }
    if (next.pathname === '/login' && credentials && response.status === 200) {
      const form = readForm(await response.text())
      const submitted = await browser.post('/login', {
        ...form.fields,
        ...credentials,
        action: 'sign-in',
      })
      const after =
        submitted.headers.get('Location') ??
        /<a class="button" href="([^"]*)"/
          .exec(await submitted.clone().text())?.[1]
          ?.replace(/&amp;/g, '&')
      if (!after) return { url: next, response: submitted }
      next = new URL(after, issuer)
      credentials = null
      continue
    }
    return { url: next, response }
  }
  throw new Error('too many redirects')
}
