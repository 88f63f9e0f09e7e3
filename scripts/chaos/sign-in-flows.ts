/**
 * The sign-ins of the chaos test, each over plain HTTP with a cookie jar, through the balancer:
 * the local password form (form_post app), session reuse, code delivery with PKCE redeemed at
 * /token, and the OpenID Provider's code flow with openid-client; and the logout by `sid`. Each
 * either returns what it got or throws a FlowFailure that says whether it failed cleanly.
 */
import { createHash, randomBytes } from 'node:crypto'
import { decodeJwt } from 'jose'
import * as client from 'openid-client'
import { readForm, TestBrowser } from '../../packages/bridge/src/testing/test-browser.js'
import { CRM, NOTES, SHOP } from './chaos-config.js'
import { errorCodeOf, isBalancerAnswer } from './traffic.js'

type Fetch = (input: string, init?: RequestInit) => Promise<Response>
export type Account = { email: string; password: string }

/**
 * A sign-in that did not complete. Clean: the bridge refused with an error code (a 4xx, or a 503
 * while the database is away), or the balancer kept answering for a dead instance after retries.
 */
export class FlowFailure extends Error {
  constructor(
    readonly clean: boolean,
    message: string,
  ) {
    super(message)
  }
}

/** A code redeemed a second time: refused with invalid_grant, or (a bug) accepted. */
export type Replay = 'refused' | 'accepted' | 'unanswered' | 'other'

async function failure(step: string, response: Response, body?: string): Promise<FlowFailure> {
  const text = body ?? (await response.text().catch(() => ''))
  if (isBalancerAnswer(response)) {
    return new FlowFailure(true, `${step}: balancer ${response.status} after retries`)
  }
  const code = errorCodeOf(text)
  const clean =
    ((response.status >= 400 && response.status < 500) || response.status === 503) && !!code
  return new FlowFailure(clean, `${step}: ${response.status} ${code ?? '(no error code)'}`)
}

export class ChaosBrowser {
  readonly browser: TestBrowser
  constructor(
    readonly issuer: string,
    readonly fetch: Fetch,
    /** Told what a login form posted again got. */
    private readonly replayed: (replay: Replay) => void = () => undefined,
  ) {
    this.browser = new TestBrowser({ request: (href, init) => fetch(href, init) }, issuer)
  }

  /**
   * The same login form again, with the cookies it was first posted with, outside the jar: its
   * transaction was consumed by the sign-in, so it must be refused (login_expired).
   */
  private async postAgain(fields: Record<string, string>, cookies: Map<string, string>) {
    const response = await this.fetch(`${this.issuer}/login`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: this.issuer,
        cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; '),
      },
      body: new URLSearchParams(fields).toString(),
    })
    const body = await response.text()
    if (isBalancerAnswer(response)) return this.replayed('unanswered')
    const refused = response.status === 400 && errorCodeOf(body) === 'login_expired'
    this.replayed(response.status === 200 ? 'accepted' : refused ? 'refused' : 'other')
  }

  /** Follows the bridge's redirects and signs in on its login page; stops where it leaves. */
  /** `account` null: a live session is expected, and the login page ends the walk there. */
  async walk(start: string, account: Account | null): Promise<{ url: URL; page?: string }> {
    let next = new URL(start, this.issuer)
    let credentials = account
    for (let hop = 0; hop < 15; hop++) {
      if (next.origin !== new URL(this.issuer).origin) return { url: next }
      const response = await this.browser.get(next.href)
      const location = response.headers.get('Location')
      if (location && response.status >= 300 && response.status < 400) {
        next = new URL(location, next)
        continue
      }
      const page = await response.text()
      if (response.status !== 200) throw await failure(`GET ${next.pathname}`, response, page)
      if (next.pathname === '/login' && credentials) {
        const fields = { ...readForm(page).fields, ...credentials, action: 'sign-in' }
        const cookies = new Map(this.browser.cookies)
        const submitted = await this.browser.post('/login', fields)
        const body = await submitted.text()
        if (submitted.status === 200) await this.postAgain(fields, cookies)
        const after =
          submitted.headers.get('Location') ??
          /<a class="button" href="([^"]*)"/.exec(body)?.[1]?.replace(/&amp;/g, '&')
        if (submitted.status === 200 && /name="token"/.test(body)) return { url: next, page: body }
        if (!after || (submitted.status !== 200 && submitted.status !== 303)) {
          throw await failure('POST /login', submitted, body)
        }
        next = new URL(after, this.issuer)
        credentials = null
        continue
      }
      return { url: next, page }
    }
    throw new FlowFailure(false, 'too many redirects')
  }
}

/** A form_post app: with a password (no session yet) or by session reuse. Returns the sid. */
export async function formPostSignIn(
  browser: ChaosBrowser,
  account: Account | null,
): Promise<string> {
  const state = randomBytes(12).toString('base64url')
  const query = new URLSearchParams({ app: SHOP.id, redirect_uri: SHOP.callback, state })
  if (!account) {
    const response = await browser.browser.get(`/authorize?${query}`)
    const page = await response.text()
    if (response.status !== 200 || !/name="token"/.test(page)) {
      throw await failure('GET /authorize (session)', response, page)
    }
    return tokenSid(page, state)
  }
  const landed = await browser.walk(`/authorize?${query}`, account)
  if (!landed.page || !/name="token"/.test(landed.page)) {
    throw new FlowFailure(false, `form_post: ended at ${landed.url.pathname} without a token`)
  }
  return tokenSid(landed.page, state)
}

function tokenSid(page: string, state: string): string {
  const form = readForm(page)
  if (form.action !== SHOP.callback || form.fields.state !== state) {
    throw new FlowFailure(false, 'form_post page for another callback or state')
  }
  const sid = decodeJwt(form.fields.token ?? '').sid
  if (typeof sid !== 'string') throw new FlowFailure(false, 'token without sid')
  return sid
}

/** Code delivery with PKCE, redeemed at /token, then redeemed again. */
export async function codeSignIn(
  browser: ChaosBrowser,
  account: Account | null,
): Promise<{ sid: string; replay: Replay }> {
  const verifier = randomBytes(32).toString('base64url')
  const state = randomBytes(12).toString('base64url')
  const query = new URLSearchParams({
    app: NOTES.id,
    redirect_uri: NOTES.callback,
    state,
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  })
  const landed = await browser.walk(`/authorize?${query}`, account)
  if (!landed.url.href.startsWith(NOTES.callback)) {
    throw new FlowFailure(false, `code: ended at ${landed.url.pathname}`)
  }
  const code = landed.url.searchParams.get('code')
  if (!code || landed.url.searchParams.get('state') !== state) {
    throw new FlowFailure(false, 'code: callback without code or with another state')
  }
  const redeem = () =>
    browser.fetch(`${browser.issuer}/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: new URL(NOTES.callback).origin,
      },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: NOTES.id,
        code,
        redirect_uri: NOTES.callback,
        code_verifier: verifier,
      }).toString(),
    })
  const first = await redeem()
  const body = await first.text()
  if (first.status !== 200) throw await failure('POST /token', first, body)
  const sid = (JSON.parse(body) as { profile?: { sid?: string } }).profile?.sid
  if (!sid) throw new FlowFailure(false, '/token: no sid in the profile')
  const second = await redeem()
  const again = await second.text()
  return { sid, replay: replayOf(second, again) }
}

/** openid-client's configuration for the CRM client, every request through the chaos fetch. */
export async function crmClient(
  issuer: string,
  secret: string,
  fetch: Fetch,
): Promise<client.Configuration> {
  const viaChaos: client.CustomFetch = (url, options) => fetch(url, options as RequestInit)
  const config = await client.discovery(
    new URL(issuer),
    CRM.id,
    secret,
    client.ClientSecretBasic(secret),
    // Loopback over plain http, as in every test of the OpenID Provider.
    { execute: [client.allowInsecureRequests], [client.customFetch]: viaChaos },
  )
  config[client.customFetch] = viaChaos
  return config
}

/** The OpenID Provider's authorization code flow with PKCE, then the same code again. */
export async function openIdSignIn(
  browser: ChaosBrowser,
  config: client.Configuration,
  account: Account | null,
): Promise<{ sid: string | undefined; replay: Replay }> {
  const verifier = client.randomPKCECodeVerifier()
  const state = client.randomState()
  const nonce = client.randomNonce()
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: CRM.callback,
    scope: 'openid email',
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  })
  const landed = await browser.walk(url.href, account)
  if (!landed.url.href.startsWith(CRM.callback)) {
    throw new FlowFailure(false, `openid: ended at ${landed.url.pathname}`)
  }
  if (landed.url.searchParams.has('error')) {
    throw new FlowFailure(true, `openid: callback error ${landed.url.searchParams.get('error')}`)
  }
  const checks = { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce }
  let tokens: client.TokenEndpointResponse & client.TokenEndpointResponseHelpers
  try {
    tokens = await client.authorizationCodeGrant(config, landed.url, checks)
  } catch (error) {
    throw clientFailure('openid token', error)
  }
  // The ID token carries no sid of the bridge's session: the journey learns it elsewhere.
  const sid = tokens.claims()?.sid
  if (!tokens.claims()?.sub) throw new FlowFailure(false, 'openid: ID token without sub')
  let replay: Replay = 'other'
  try {
    await client.authorizationCodeGrant(config, landed.url, checks)
    replay = 'accepted'
  } catch (error) {
    if (error instanceof client.ResponseBodyError && error.error === 'invalid_grant') {
      replay = 'refused'
    } else if (clientFailure('', error).message.includes('balancer')) {
      replay = 'unanswered'
    }
  }
  return { sid: typeof sid === 'string' ? sid : undefined, replay }
}

function replayOf(response: Response, body: string): Replay {
  if (response.status === 200) return 'accepted'
  if (isBalancerAnswer(response)) return 'unanswered'
  return response.status === 400 && errorCodeOf(body) === 'invalid_grant' ? 'refused' : 'other'
}

/** openid-client's error: an OAuth error answer is clean; the balancer's or a crash's is not. */
function clientFailure(step: string, error: unknown): FlowFailure {
  if (error instanceof client.ResponseBodyError) {
    const status = error.status
    return new FlowFailure(status < 500 || status === 503, `${step}: ${status} ${error.error}`)
  }
  const cause = (error as { cause?: unknown }).cause
  if (cause instanceof Response && isBalancerAnswer(cause)) {
    return new FlowFailure(true, `${step}: balancer ${cause.status} after retries`)
  }
  return new FlowFailure(false, `${step}: ${(error as Error).message}`)
}

/** GET /logout with the session's sid, as a site of the session does. */
export async function logout(browser: ChaosBrowser, sid: string): Promise<void> {
  const response = await browser.browser.get(`/logout?${new URLSearchParams({ sid })}`)
  const page = await response.text()
  if (response.status !== 200 || !page.includes('You are signed out.')) {
    throw await failure('GET /logout', response, page)
  }
}
