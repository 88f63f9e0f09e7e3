/** Apps of every delivery kind on top of the standard test config, and helpers to walk them. */
import { createHash, randomBytes } from 'node:crypto'
import {
  ALICE,
  createTestBridge,
  ISSUER,
  signInWithPassword,
  testConfig,
} from './bridge-fixture.js'
import { readForm, type TestBrowser } from './test-browser.js'

export const STATIC_PAGE = 'http://127.0.0.1:4005/'
export const NOTES_PAGE = 'http://127.0.0.1:4006/'
export const ACADEMY_JWT_URL = 'http://127.0.0.1:4007/api/sso/v2/sso/jwt'
export const HELP_JWT_URL = 'http://127.0.0.1:4008/access/jwt'
export const CANNY_URL = 'http://127.0.0.1:4009/api/redirects/sso?companyID=c-42'
export const PLATFORM_KEY = 'platform-api-key-0123456789abcdef0123'

export function integrationConfig(extraApps: Record<string, unknown>[] = []) {
  const base = testConfig()
  const staff = { connections: ['staff'] }
  return {
    ...base,
    apps: [
      ...base.apps,
      {
        id: 'static',
        callbackUrls: [STATIC_PAGE],
        ...staff,
        signing: { alg: 'ES256' },
        delivery: 'code',
      },
      {
        id: 'notes',
        callbackUrls: [NOTES_PAGE],
        ...staff,
        signing: { alg: 'ES256' },
        delivery: 'code',
      },
      {
        id: 'academy',
        callbackUrls: [ACADEMY_JWT_URL],
        ...staff,
        preset: 'thinkific',
        signing: { alg: 'HS256', secret: PLATFORM_KEY },
        errorUrl: 'http://127.0.0.1:4007/sso-error',
      },
      {
        id: 'help',
        callbackUrls: [HELP_JWT_URL],
        ...staff,
        preset: 'zendesk',
        signing: { alg: 'HS256', secret: PLATFORM_KEY },
      },
      {
        id: 'feedback',
        callbackUrls: [CANNY_URL],
        origins: ['http://127.0.0.1:4010'],
        ...staff,
        preset: 'canny',
        signing: { alg: 'HS256', secret: PLATFORM_KEY },
      },
      ...extraApps,
    ],
  }
}

export const createIntegrationBridge = (
  options: Parameters<typeof createTestBridge>[0] = {},
  extraApps: Record<string, unknown>[] = [],
) => createTestBridge({ config: integrationConfig(extraApps), ...options })

export function pkcePair() {
  const verifier = randomBytes(32).toString('base64url')
  const challenge = createHash('sha256').update(verifier).digest('base64url')
  return { verifier, challenge }
}

const entities: Record<string, string> = { '&amp;': '&', '&quot;': '"', '&#39;': "'" }

/** Where a response sends the browser: a redirect's Location, or the continue page's link. */
export async function destination(response: Response): Promise<URL> {
  const location = response.headers.get('Location')
  if (location) return new URL(location)
  const href = /<a class="button" href="([^"]*)"/.exec(await response.text())?.[1]
  if (!href) throw new Error(`no destination in a ${response.status} response`)
  return new URL(href.replace(/&(amp|quot|#39);/g, (m) => entities[m] ?? m))
}

/** Signs alice in to a code app and returns the code the bridge sent back, with its verifier. */
export async function codeFor(
  browser: TestBrowser,
  options: {
    app?: string
    state?: string
    redirectUri?: string
    signedIn?: boolean
    /** null leaves code_challenge_method out, as the embed does. */
    method?: string | null
    challenge?: string
  } = {},
) {
  const pair = pkcePair()
  const verifier = pair.verifier
  const method = options.method === undefined ? 'S256' : options.method
  const params: Record<string, string> = {
    app: options.app ?? 'static',
    state: options.state ?? 'state-code',
    code_challenge: options.challenge ?? pair.challenge,
    ...(method === null ? {} : { code_challenge_method: method }),
  }
  const response = options.signedIn
    ? await browser.get(`/authorize?${new URLSearchParams(params)}`)
    : await signInWithPassword(browser, params)
  const url = await destination(response)
  return { url, code: url.searchParams.get('code') as string, verifier }
}

/** Like signInWithPassword, with exactly these /authorize parameters (platforms send no state). */
export async function signInAt(browser: TestBrowser, query: Record<string, string>) {
  const start = await browser.get(`/authorize?${new URLSearchParams(query)}`)
  if (start.status !== 302) throw new Error(`authorize answered ${start.status}`)
  const form = readForm(await (await browser.get(start.headers.get('Location') as string)).text())
  return browser.post('/login', { ...form.fields, ...ALICE, action: 'sign-in' })
}

/** The static page's origin: where its script calls /token from. */
export const STATIC_ORIGIN = 'http://127.0.0.1:4005'

type Fetchable = { request: (url: string, init?: RequestInit) => Response | Promise<Response> }

/** POSTs to /token from the static page's origin; `Origin: ''` sends none (a server). */
export function redeemAt(
  app: Fetchable,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
) {
  const all: Record<string, string> = {
    'Content-Type': 'application/x-www-form-urlencoded',
    Origin: STATIC_ORIGIN,
    ...headers,
  }
  if (!all.Origin) delete all.Origin
  return app.request(`${ISSUER}/token`, {
    method: 'POST',
    headers: all,
    body: new URLSearchParams(fields).toString(),
  })
}

/** The form the static page's script posts to /token. */
export const exchangeForm = (
  code: string,
  verifier: string,
  extra: Record<string, string> = {},
) => ({
  grant_type: 'authorization_code',
  client_id: 'static',
  code,
  code_verifier: verifier,
  redirect_uri: STATIC_PAGE,
  ...extra,
})
