/**
 * openid-client (panva) as a confidential relying party of the bridge: sign-in, UserInfo,
 * refresh with rotation, RP-initiated logout, SSO with the JWT apps. Tokens verified with jose.
 */
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose'
import * as client from 'openid-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ALICE, authorizeUrl as jwtAppAuthorizeUrl } from '../testing/bridge-fixture.js'
import { CRM_CALLBACK, CRM_HOME, CRM_SECRET, startOpBridge, walk } from '../testing/op-fixture.js'
import { readForm, type TestBrowser } from '../testing/test-browser.js'

let op: Awaited<ReturnType<typeof startOpBridge>>
let config: client.Configuration
beforeAll(async () => {
  op = await startOpBridge()
  config = await client.discovery(
    new URL(op.issuer),
    'crm',
    CRM_SECRET,
    client.ClientSecretBasic(CRM_SECRET),
    // The test bridge runs on loopback over plain http.
    { execute: [client.allowInsecureRequests] },
  )
})
afterAll(() => op.close())

async function signIn(browser: TestBrowser, extra: Record<string, string> = {}, login = true) {
  const verifier = client.randomPKCECodeVerifier()
  const state = client.randomState()
  const nonce = client.randomNonce()
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: CRM_CALLBACK,
    scope: 'openid email profile',
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    ...extra,
  })
  const landed = await walk(browser, op.issuer, url.href, login ? ALICE : null)
  expect(landed.url.href.startsWith(CRM_CALLBACK)).toBe(true)
  const tokens = await client.authorizationCodeGrant(config, landed.url, {
    pkceCodeVerifier: verifier,
    expectedState: state,
    expectedNonce: nonce,
  })
  return { tokens, nonce, callback: landed.url }
}

describe('openid-client as a confidential client', () => {
  it('signs in with code + PKCE; ID and access tokens verify against the JWKS', async () => {
    const browser = op.browser()
    const { tokens, nonce, callback } = await signIn(browser)
    expect(callback.searchParams.get('iss')).toBe(op.issuer)
    const jwks = createRemoteJWKSet(new URL(config.serverMetadata().jwks_uri!))
    const id = await jwtVerify(tokens.id_token!, jwks, { issuer: op.issuer, audience: 'crm' })
    expect(id.protectedHeader.alg).toBe('RS256')
    expect(id.payload).toMatchObject({
      nonce,
      email: 'alice@example.com',
      amr: ['pwd'],
      acr: 'urn:ssobridge:acr:1fa',
    })
    expect(typeof id.payload.auth_time).toBe('number')
    // at_hash is optional for the code flow (OIDC Core 3.1.3.6): the token came over TLS.
    // RFC 9068: a JWT for the app's API, typed at+jwt.
    const at = await jwtVerify(tokens.access_token, jwks, {
      issuer: op.issuer,
      audience: 'crm',
      typ: 'at+jwt',
    })
    expect(at.payload).toMatchObject({ sub: id.payload.sub, client_id: 'crm' })
    expect(decodeProtectedHeader(tokens.access_token).kid).toBe(id.protectedHeader.kid)

    const info = await client.fetchUserInfo(config, tokens.access_token, id.payload.sub!)
    expect(info).toMatchObject({
      sub: id.payload.sub,
      email: 'alice@example.com',
      email_verified: true,
      name: 'Alice Example',
      given_name: 'Alice',
    })
  })

  it('refreshes with rotation; a reused refresh token revokes the whole family', async () => {
    const { tokens } = await signIn(op.browser())
    const first = tokens.refresh_token!
    expect(first).toBeTruthy()
    const renewed = await client.refreshTokenGrant(config, first)
    expect(renewed.refresh_token).toBeTruthy()
    expect(renewed.refresh_token).not.toBe(first)
    expect(renewed.claims()?.sub).toBe(tokens.claims()?.sub)
    await client.fetchUserInfo(config, renewed.access_token, renewed.claims()!.sub)

    await expect(client.refreshTokenGrant(config, first)).rejects.toMatchObject({
      error: 'invalid_grant',
    })
    // The token that replaced it was revoked with the grant.
    await expect(client.refreshTokenGrant(config, renewed.refresh_token!)).rejects.toMatchObject({
      error: 'invalid_grant',
    })
  })

  it('shares the bridge session: signed in to a JWT app, no password for the OIDC app', async () => {
    const browser = op.browser()
    const start = await walk(browser, op.issuer, jwtAppAuthorizeUrl({}))
    expect(start.response?.status).toBe(200) // shop's form_post page
    const { tokens } = await signIn(browser, {}, false)
    expect(tokens.claims()?.email).toBe('alice@example.com')
  })

  it('prompt=login asks for the password again, max_age gives a fresh auth_time', async () => {
    const browser = op.browser()
    const { tokens } = await signIn(browser)
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: CRM_CALLBACK,
      scope: 'openid',
      prompt: 'login',
      state: 's',
      code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()),
      code_challenge_method: 'S256',
    })
    const stopped = await walk(browser, op.issuer, url.href, null)
    expect(stopped.url.pathname).toBe('/login')

    await new Promise((done) => setTimeout(done, 1100))
    const again = await signIn(browser, { max_age: '0' })
    expect(again.tokens.claims()!.auth_time!).toBeGreaterThan(tokens.claims()!.auth_time!)
  })

  it('logs out at the end_session_endpoint: the bridge session ends, tokens die with it', async () => {
    const browser = op.browser()
    const { tokens } = await signIn(browser)
    const url = client.buildEndSessionUrl(config, {
      id_token_hint: tokens.id_token!,
      post_logout_redirect_uri: CRM_HOME,
      state: 'bye',
    })
    const page = await browser.get(url.href)
    expect(page.status).toBe(200)
    const form = readForm(await page.text())
    expect(new URL(form.action).pathname).toBe('/oidc/logout/confirm')
    const done = await browser.post(form.action, { ...form.fields, logout: 'yes' })
    expect(done.status).toBe(303)
    expect(done.headers.get('Location')).toBe(`${CRM_HOME}?state=bye`)
    // Signed out of the bridge: a JWT app needs the password again.
    const shop = await walk(browser, op.issuer, jwtAppAuthorizeUrl({}), null)
    expect(shop.url.pathname).toBe('/login')
    await expect(client.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({
      error: 'invalid_grant',
    })
  })

  it('a logout at the bridge (/logout) ends the refresh tokens too', async () => {
    const browser = op.browser()
    const { tokens } = await signIn(browser)
    // From the bridge's own page: no confirmation asked.
    expect((await browser.get('/logout', { 'Sec-Fetch-Site': 'same-origin' })).status).toBe(200)
    await expect(client.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({
      error: 'invalid_grant',
    })
  })
})
