/** A whole bridge in-process on in-memory SQLite, configured like a small real deployment. */
import { randomBytes } from 'node:crypto'
import { createBridge, type CreateBridgeOptions } from '../bridge.js'
import { applyConfig } from '../config/apply-config.js'
import { parseConfig } from '../config/load-config.js'
import { emailSettingsFrom } from '../email/environment.js'
import { loadEmbedAsset } from '../embed-asset.js'
import { createSecretBox } from '../keys/secret-box.js'
import type { Logger } from '../logger.js'
import { createSqliteStorage } from '../storage/sqlite.js'
import type { Storage } from '../storage/types.js'
import { readForm, TestBrowser } from './test-browser.js'

export const ISSUER = 'http://localhost:4000'
export const SHOP_CALLBACK = 'http://127.0.0.1:4001/sso/callback'
export const FORUM_CALLBACK = 'http://127.0.0.1:4002/sso/callback'
export const SHOP_SECRET = 'shop-secret-0123456789abcdefghijklmnop'
export const ALICE = { email: 'alice@example.com', password: 'correct horse battery staple' }

export function testConfig(overrides: Record<string, unknown> = {}) {
  return {
    issuer: ISSUER,
    connections: [
      { id: 'staff', type: 'local', name: 'Staff' },
      { id: 'partners', type: 'local' },
    ],
    apps: [
      {
        id: 'shop',
        name: 'Shop',
        callbackUrls: [SHOP_CALLBACK],
        connections: ['staff'],
        signing: { alg: 'HS256', secret: 'env:SHOP_SSO_SECRET' },
      },
      {
        id: 'forum',
        name: 'Forum',
        callbackUrls: [FORUM_CALLBACK, 'http://127.0.0.1:4002/other/callback'],
        connections: ['staff'],
        signing: { alg: 'ES256' },
        tokenTtl: 60,
      },
      {
        id: 'partner-portal',
        callbackUrls: ['http://127.0.0.1:4003/cb'],
        connections: ['partners'],
        signing: { alg: 'EdDSA' },
      },
    ],
    users: [
      {
        email: ALICE.email,
        name: 'Alice Example',
        givenName: 'Alice',
        familyName: 'Example',
        emailVerified: true,
        password: 'env:ALICE_PASSWORD',
        connection: 'staff',
      },
    ],
    ...overrides,
  }
}

/** A config entry for an OIDC connection to a test IdP on loopback (plain http, private address). */
export const loopbackOidc = (
  id: string,
  issuer: string,
  client: { clientId: string; clientSecret: string },
  extra: Record<string, unknown> = {},
) => ({
  id,
  type: 'oidc',
  issuer,
  ...client,
  dangerouslyAllowHttpIssuer: true,
  dangerouslyAllowPrivateNetwork: true,
  timeoutSeconds: 5,
  ...extra,
})

export const testEnv = { SHOP_SSO_SECRET: SHOP_SECRET, ALICE_PASSWORD: ALICE.password }

/** A migrated in-memory SQLite storage. */
export async function memoryStorage(now?: () => number): Promise<Storage> {
  const storage = await createSqliteStorage({ filename: ':memory:', now })
  await storage.migrate()
  return storage
}

export async function createTestBridge(
  options: {
    storage?: Storage
    logger?: Logger
    config?: Record<string, unknown>
    /** Share one between instances to model several processes of one deployment. */
    masterKey?: Uint8Array
    backchannel?: CreateBridgeOptions['backchannel']
    /** The webhook sender's timeout and retries. */
    webhooks?: CreateBridgeOptions['webhooks']
    /** The email sender's timeouts and retries; SMTP itself comes from the config's `smtp:`. */
    email?: CreateBridgeOptions['email']
    /** Stands in for the process's environment (SSOBRIDGE_SMTP_URL), beside testEnv. */
    env?: Record<string, string>
  } = {},
) {
  const storage = options.storage ?? (await memoryStorage())
  const masterKey = options.masterKey ?? randomBytes(32)
  const env = { ...testEnv, ...options.env }
  const config = parseConfig(options.config ?? testConfig(), env)
  await applyConfig(storage, createSecretBox(masterKey), config)
  const { app, services } = createBridge({
    settings: {
      issuer: config.issuer,
      sessionTtl: config.sessionTtl,
      email: emailSettingsFrom(config.smtp, env, config.issuer),
      strings: config.strings,
    },
    storage,
    masterKey,
    embed: loadEmbedAsset(),
    logger: options.logger,
    backchannel: options.backchannel,
    webhooks: options.webhooks,
    email: options.email,
  })
  return {
    app,
    services,
    storage,
    browser: (cookies?: Map<string, string>) => new TestBrowser(app, ISSUER, cookies),
  }
}

export function authorizeUrl(params: Record<string, string>): string {
  return `/authorize?${new URLSearchParams({ app: 'shop', state: 'state-123', ...params })}`
}

/**
 * Follows redirects through the bridge (in-process) and an upstream IdP (over HTTP, which signs
 * in without asking) until a page answers.
 */
export async function followRedirects(browser: TestBrowser, first: Response): Promise<Response> {
  let response = first
  for (let i = 0; i < 10 && response.status >= 300 && response.status < 400; i++) {
    const url = response.headers.get('Location') as string
    response = url.startsWith(ISSUER)
      ? await browser.get(url.slice(ISSUER.length))
      : url.startsWith('/')
        ? await browser.get(url)
        : await fetch(url, { redirect: 'manual' })
  }
  return response
}

/**
 * A whole sign-in for `app` through its upstream IdP (a real server on loopback, which signs in
 * without asking): follows the redirects and returns the token delivered to the site.
 */
export async function signInThroughUpstream(
  bridge: { browser: () => TestBrowser },
  app: string,
): Promise<string> {
  const browser = bridge.browser()
  const response = await followRedirects(browser, await browser.get(authorizeUrl({ app })))
  if (response.status !== 200) throw new Error(`the sign-in ended with ${response.status}`)
  return readForm(await response.text()).fields.token as string
}

/** Walks /authorize → login form → submit, and returns the response of the submission. */
export async function signInWithPassword(
  browser: TestBrowser,
  params: Record<string, string> = {},
  credentials: { email: string; password: string } = ALICE,
): Promise<Response> {
  const start = await browser.get(authorizeUrl(params))
  if (start.status !== 302) throw new Error(`authorize answered ${start.status}`)
  const form = readForm(await (await browser.get(start.headers.get('Location') as string)).text())
  return browser.post('/login', { ...form.fields, ...credentials, action: 'sign-in' })
}
