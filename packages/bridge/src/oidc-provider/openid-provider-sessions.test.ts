/** The OP and the bridge's session features: MFA, back-channel logout of OIDC apps. */
import { createHash, randomBytes } from 'node:crypto'
import { decodeJwt } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { authorizeUrl } from '../testing/bridge-fixture.js'
import { CRM_CALLBACK, startOpBridge, walk } from '../testing/op-fixture.js'

const BOARD = 'http://127.0.0.1:4014/cb'
const BOARD_LOGOUT = 'http://127.0.0.1:4014/backchannel'
const VAULT = 'http://127.0.0.1:4015/cb'
const posted: { url: string; token: string }[] = []

let op: Awaited<ReturnType<typeof startOpBridge>>
beforeAll(async () => {
  op = await startOpBridge({
    apps: [
      {
        id: 'board',
        callbackUrls: [BOARD],
        connections: ['staff'],
        signing: { alg: 'ES256' },
        backchannelLogoutUrl: BOARD_LOGOUT,
        oidc: true,
      },
      {
        id: 'vault-oidc',
        callbackUrls: [VAULT],
        connections: ['staff'],
        signing: { alg: 'ES256' },
        requireMfa: true,
        oidc: true,
      },
    ],
    bridge: {
      backchannel: {
        retryDelaysMs: [],
        fetch: (async (input: string | URL | Request, init?: RequestInit) => {
          posted.push({
            url: String(input),
            token: new URLSearchParams(String(init?.body)).get('logout_token')!,
          })
          return new Response(null, { status: 200 })
        }) as typeof fetch,
      },
    },
  })
})
afterAll(() => op.close())

const challenge = () =>
  createHash('sha256').update(randomBytes(32).toString('base64url')).digest('base64url')

const authorize = (client: string, redirect: string) =>
  `/oidc/authorize?${new URLSearchParams({
    client_id: client,
    response_type: 'code',
    redirect_uri: redirect,
    scope: 'openid',
    state: 's',
    code_challenge: challenge(),
    code_challenge_method: 'S256',
  })}`

describe('the OpenID Provider and the bridge session', () => {
  it('an OIDC app signed into silently hears of the logout through the back channel', async () => {
    const browser = op.browser()
    await walk(browser, op.issuer, authorizeUrl({})) // shop, with the password
    const back = await walk(browser, op.issuer, authorize('board', BOARD), null)
    expect(back.url.searchParams.get('code')).toBeTruthy()
    // From the bridge's own page: no confirmation asked.
    expect((await browser.get('/logout', { 'Sec-Fetch-Site': 'same-origin' })).status).toBe(200)
    await expect.poll(() => posted.map((p) => p.url)).toContain(BOARD_LOGOUT)
    const token = decodeJwt(posted.find((p) => p.url === BOARD_LOGOUT)!.token)
    expect(token).toMatchObject({ aud: 'board', iss: op.issuer })
  })

  it('an app that requires MFA sends a password-only session to the second factor', async () => {
    const browser = op.browser()
    const signedIn = await walk(browser, op.issuer, authorize('crm', CRM_CALLBACK))
    expect(signedIn.url.searchParams.get('code')).toBeTruthy()
    const vault = await walk(browser, op.issuer, authorize('vault-oidc', VAULT), null)
    expect(vault.url.pathname).toBe('/mfa')
    // prompt=none cannot ask for it: login_required.
    const silent = await walk(
      browser,
      op.issuer,
      `${authorize('vault-oidc', VAULT)}&prompt=none`,
      null,
    )
    expect(silent.url.searchParams.get('error')).toBe('login_required')
  })
})

describe('logout without an OP session', () => {
  it('a logout link any page could open does not end the bridge session', async () => {
    const browser = op.browser()
    await walk(browser, op.issuer, authorizeUrl({})) // shop only: no OP session
    const page = await browser.get('/oidc/logout')
    expect(page.status).toBe(200)
    const html = await page.text()
    const fields = Object.fromEntries(
      [...html.matchAll(/name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1], m[2]]),
    )
    expect(fields.logout).toBe('yes')
    const confirmed = await browser.post('/oidc/logout/confirm', fields)
    expect(confirmed.status).toBe(303)
    // Still signed in at the bridge: shop signs in without a password.
    const shop = await walk(browser, op.issuer, authorizeUrl({}), null)
    expect(shop.response?.status).toBe(200)
    expect(shop.url.pathname).toBe('/authorize')
  })
})
