/**
 * The OpenID Provider against bad input and attacks, and the OpenID conformance checks of a
 * Basic OP that apply to it, as tests (the closing note of docs/openid-provider.md lists them).
 */
import { createHash, randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  CRM_CALLBACK,
  CRM_SECRET,
  SPA_ORIGIN,
  SPA_PAGE,
  startOpBridge,
  walk,
} from '../testing/op-fixture.js'
import type { TestBrowser } from '../testing/test-browser.js'

let op: Awaited<ReturnType<typeof startOpBridge>>
beforeAll(async () => {
  op = await startOpBridge()
})
afterAll(() => op.close())

const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`

function pkce() {
  const verifier = randomBytes(32).toString('base64url')
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') }
}

const authorize = (params: Record<string, string>) =>
  `${op.issuer}/oidc/authorize?${new URLSearchParams(params)}`

const crmParams = (challenge?: string, extra: Record<string, string> = {}) => ({
  client_id: 'crm',
  response_type: 'code',
  redirect_uri: CRM_CALLBACK,
  scope: 'openid email',
  state: 'st-1',
  nonce: 'n-1',
  ...(challenge ? { code_challenge: challenge, code_challenge_method: 'S256' } : {}),
  ...extra,
})

const spaParams = (challenge?: string, extra: Record<string, string> = {}) => ({
  ...crmParams(challenge, extra),
  client_id: 'notes',
  redirect_uri: SPA_PAGE,
})

async function codeFor(browser: TestBrowser, params: Record<string, string>) {
  const back = await walk(browser, op.issuer, authorize(params))
  return back.url
}

function token(fields: Record<string, string>, headers: Record<string, string> = {}) {
  return fetch(`${op.issuer}/oidc/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields),
  })
}

const crmToken = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
  token(
    { grant_type: 'authorization_code', redirect_uri: CRM_CALLBACK, ...fields },
    { Authorization: basic('crm', CRM_SECRET), ...headers },
  )

describe('discovery', () => {
  it('is consistent: exact issuer, absolute endpoints, code + S256 only, iss in responses', async () => {
    const response = await fetch(`${op.issuer}/.well-known/openid-configuration`)
    expect(response.status).toBe(200)
    const doc = (await response.json()) as Record<string, unknown>
    expect(doc).toMatchObject({
      issuer: op.issuer,
      authorization_endpoint: `${op.issuer}/oidc/authorize`,
      token_endpoint: `${op.issuer}/oidc/token`,
      userinfo_endpoint: `${op.issuer}/oidc/userinfo`,
      jwks_uri: `${op.issuer}/.well-known/jwks.json`,
      end_session_endpoint: `${op.issuer}/oidc/logout`,
      response_types_supported: ['code'],
      code_challenge_methods_supported: ['S256'],
      authorization_response_iss_parameter_supported: true,
      subject_types_supported: ['public', 'pairwise'],
    })
    expect(doc.id_token_signing_alg_values_supported).toEqual(
      expect.arrayContaining(['ES256', 'RS256', 'EdDSA']),
    )
    expect(doc.id_token_signing_alg_values_supported).toHaveLength(3)
    expect(doc.token_endpoint_auth_methods_supported).toEqual([
      'client_secret_basic',
      'client_secret_post',
      'none',
    ])
    // One JWKS for JWT apps and OIDC clients alike.
    const jwks = (await (await fetch(doc.jwks_uri as string)).json()) as { keys: unknown[] }
    expect(jwks.keys.length).toBeGreaterThanOrEqual(3)
  })

  it('ignores a Host header that is not the issuer', async () => {
    const response = await fetch(`${op.issuer}/.well-known/openid-configuration`, {
      headers: { 'X-Forwarded-Host': 'evil.example' },
    })
    expect(((await response.json()) as { token_endpoint: string }).token_endpoint).toBe(
      `${op.issuer}/oidc/token`,
    )
  })
})

describe('the authorization endpoint', () => {
  it('shows an unregistered redirect_uri on the bridge and never redirects there', async () => {
    const response = await fetch(
      authorize(crmParams(pkce().challenge, { redirect_uri: 'https://evil.example/cb' })),
      { redirect: 'manual' },
    )
    expect(response.status).toBe(400)
    expect(response.headers.get('Location')).toBeNull()
    const page = await response.text()
    expect(page).toContain('invalid_redirect_uri')
    expect(page).not.toContain('evil.example')
  })

  it('shows an unknown client on the bridge', async () => {
    const response = await fetch(authorize({ ...crmParams(), client_id: 'nobody' }), {
      redirect: 'manual',
    })
    expect(response.status).toBe(400)
    expect(response.headers.get('Location')).toBeNull()
  })

  it('refuses a JWT app that is not an OIDC client', async () => {
    const response = await fetch(authorize({ ...crmParams(), client_id: 'forum' }), {
      redirect: 'manual',
    })
    expect(response.status).toBe(400)
  })

  it('redirects other errors with error, state and iss (missing response_type)', async () => {
    const { response_type: _, ...params } = crmParams(pkce().challenge)
    const response = await fetch(authorize(params), { redirect: 'manual' })
    const location = new URL(response.headers.get('Location')!)
    expect(location.href.startsWith(CRM_CALLBACK)).toBe(true)
    expect(location.searchParams.get('error')).toBe('invalid_request')
    expect(location.searchParams.get('state')).toBe('st-1')
    expect(location.searchParams.get('iss')).toBe(op.issuer)
    expect(location.searchParams.get('error_description')).not.toMatch(/[\r\n]/)
  })

  it('refuses response types other than code', async () => {
    const response = await fetch(authorize(crmParams(undefined, { response_type: 'id_token' })), {
      redirect: 'manual',
    })
    // Answered in the fragment, the default response mode of the type it asked for.
    const location = new URL(response.headers.get('Location')!)
    expect(new URLSearchParams(location.hash.slice(1)).get('error')).toBe(
      'unsupported_response_type',
    )
  })

  it('prompt=none without a session answers login_required to the client', async () => {
    const response = await fetch(authorize(crmParams(pkce().challenge, { prompt: 'none' })), {
      redirect: 'manual',
    })
    const location = new URL(response.headers.get('Location')!)
    expect(location.href.startsWith(CRM_CALLBACK)).toBe(true)
    expect(location.searchParams.get('error')).toBe('login_required')
    expect(location.searchParams.get('state')).toBe('st-1')
  })

  it('prompt=none with a bridge session signs in silently', async () => {
    const browser = op.browser()
    await codeFor(browser, crmParams(pkce().challenge))
    const back = await walk(
      browser,
      op.issuer,
      authorize(crmParams(pkce().challenge, { prompt: 'none' })),
      null,
    )
    expect(back.url.searchParams.get('code')).toBeTruthy()
  })

  it('accepts POST, ignores unknown parameters, and shows the login_hint', async () => {
    const browser = op.browser()
    const response = await browser.post('/oidc/authorize', {
      ...crmParams(pkce().challenge),
      login_hint: 'alice@example.com',
      unknown_parameter: 'whatever',
    })
    expect(response.status).toBe(303)
    const login = await walk(browser, op.issuer, response.headers.get('Location')!, null)
    expect(login.url.pathname).toBe('/login')
    expect(await login.response!.text()).toContain('value="alice@example.com"')
  })

  it('a user who cancels goes back to the client with access_denied', async () => {
    const browser = op.browser()
    const login = await walk(browser, op.issuer, authorize(crmParams(pkce().challenge)), null)
    const html = await login.response!.text()
    const fields = Object.fromEntries(
      [...html.matchAll(/<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g)].map((m) => [m[1], m[2]]),
    )
    const cancelled = await browser.post('/login', { ...fields, action: 'cancel' })
    const href = /href="([^"]+)"/.exec(await cancelled.text())?.[1]?.replace(/&amp;/g, '&')
    const back = await walk(browser, op.issuer, href!, null)
    expect(back.url.searchParams.get('error')).toBe('access_denied')
    expect(back.url.searchParams.get('state')).toBe('st-1')
  })

  it('a public client must send a PKCE challenge', async () => {
    const response = await fetch(authorize(spaParams()), { redirect: 'manual' })
    const location = new URL(response.headers.get('Location')!)
    expect(location.href.startsWith(SPA_PAGE)).toBe(true)
    expect(location.searchParams.get('error')).toBe('invalid_request')
  })

  it('no CORS on the authorization endpoint', async () => {
    const response = await fetch(authorize(spaParams(pkce().challenge)), {
      redirect: 'manual',
      headers: { Origin: SPA_ORIGIN },
    })
    expect(response.headers.get('Access-Control-Allow-Origin')).toBeNull()
  })
})

describe('the token endpoint', () => {
  it('a code used twice fails with invalid_grant and revokes what it issued', async () => {
    const { verifier, challenge } = pkce()
    const code = (await codeFor(op.browser(), crmParams(challenge))).searchParams.get('code')!
    const first = await crmToken({ code, code_verifier: verifier })
    expect(first.status).toBe(200)
    const tokens = (await first.json()) as { access_token: string; refresh_token: string }
    const info = () =>
      fetch(`${op.issuer}/oidc/userinfo`, {
        headers: { Authorization: `Bearer ${tokens.access_token}` },
      })
    expect((await info()).status).toBe(200)

    const second = await crmToken({ code, code_verifier: verifier })
    expect(second.status).toBe(400)
    expect(await second.json()).toMatchObject({ error: 'invalid_grant' })
    expect((await info()).status).toBe(401)
    const refreshed = await token(
      { grant_type: 'refresh_token', refresh_token: tokens.refresh_token },
      { Authorization: basic('crm', CRM_SECRET) },
    )
    expect(await refreshed.json()).toMatchObject({ error: 'invalid_grant' })
  })

  it('enforces PKCE whenever a challenge was sent, and refuses a verifier without one', async () => {
    const { verifier, challenge } = pkce()
    const withChallenge = (await codeFor(op.browser(), crmParams(challenge))).searchParams
    expect(await (await crmToken({ code: withChallenge.get('code')! })).json()).toMatchObject({
      error: 'invalid_grant',
    })
    const wrong = (await codeFor(op.browser(), crmParams(challenge))).searchParams.get('code')!
    expect(
      await (await crmToken({ code: wrong, code_verifier: pkce().verifier })).json(),
    ).toMatchObject({ error: 'invalid_grant' })
    // Downgrade: no challenge at the start, a verifier at the end.
    const plain = (await codeFor(op.browser(), crmParams())).searchParams.get('code')!
    expect(await (await crmToken({ code: plain, code_verifier: verifier })).json()).toMatchObject({
      error: 'invalid_grant',
    })
  })

  it('refuses a wrong client secret, and a public client posing as a confidential one', async () => {
    const { verifier, challenge } = pkce()
    const code = (await codeFor(op.browser(), crmParams(challenge))).searchParams.get('code')!
    const wrong = await crmToken(
      { code, code_verifier: verifier },
      { Authorization: basic('crm', 'x'.repeat(44)) },
    )
    expect(wrong.status).toBe(401)
    expect(await wrong.json()).toMatchObject({ error: 'invalid_client' })
    const none = await token({
      grant_type: 'authorization_code',
      client_id: 'crm',
      code,
      redirect_uri: CRM_CALLBACK,
      code_verifier: verifier,
    })
    expect(await none.json()).toMatchObject({ error: 'invalid_client' })
  })

  it('takes the secret in the body too (client_secret_post)', async () => {
    const { verifier, challenge } = pkce()
    const code = (await codeFor(op.browser(), crmParams(challenge))).searchParams.get('code')!
    const posted = await token({
      grant_type: 'authorization_code',
      client_id: 'crm',
      client_secret: CRM_SECRET,
      code,
      redirect_uri: CRM_CALLBACK,
      code_verifier: verifier,
    })
    // oidc-provider treats the two secret methods alike.
    expect(posted.status).toBe(200)
  })

  it('answers CORS only to the registered origins of public clients', async () => {
    const { verifier, challenge } = pkce()
    const code = (await codeFor(op.browser(), spaParams(challenge))).searchParams.get('code')!
    const preflight = (origin: string) =>
      fetch(`${op.issuer}/oidc/token`, {
        method: 'OPTIONS',
        headers: { Origin: origin, 'Access-Control-Request-Method': 'POST' },
      })
    expect((await preflight(SPA_ORIGIN)).headers.get('Access-Control-Allow-Origin')).toBe(
      SPA_ORIGIN,
    )
    expect(
      (await preflight('https://evil.example')).headers.get('Access-Control-Allow-Origin'),
    ).toBeNull()
    // A confidential client's callback origin is no CORS origin either.
    expect(
      (await preflight('http://127.0.0.1:4011')).headers.get('Access-Control-Allow-Origin'),
    ).toBeNull()

    const fields = {
      grant_type: 'authorization_code',
      client_id: 'notes',
      code,
      redirect_uri: SPA_PAGE,
      code_verifier: verifier,
    }
    const evil = await token(fields, { Origin: 'https://evil.example' })
    expect(evil.headers.get('Access-Control-Allow-Origin')).toBeNull()
    expect(evil.status).toBe(400)
    const ok = await token(fields, { Origin: SPA_ORIGIN })
    expect(ok.status).toBe(200)
    expect(ok.headers.get('Access-Control-Allow-Origin')).toBe(SPA_ORIGIN)
    const { access_token } = (await ok.json()) as { access_token: string }
    const info = await fetch(`${op.issuer}/oidc/userinfo`, {
      headers: { Authorization: `Bearer ${access_token}`, Origin: SPA_ORIGIN },
    })
    expect(info.status).toBe(200)
    expect(info.headers.get('Access-Control-Allow-Origin')).toBe(SPA_ORIGIN)
    const evilInfo = await fetch(`${op.issuer}/oidc/userinfo`, {
      headers: { Authorization: `Bearer ${access_token}`, Origin: 'https://evil.example' },
    })
    expect(evilInfo.headers.get('Access-Control-Allow-Origin')).toBeNull()
    const jwks = (origin: string) =>
      fetch(`${op.issuer}/.well-known/jwks.json`, { headers: { Origin: origin } })
    expect((await jwks(SPA_ORIGIN)).headers.get('Access-Control-Allow-Origin')).toBe(SPA_ORIGIN)
    expect(
      (await jwks('https://evil.example')).headers.get('Access-Control-Allow-Origin'),
    ).toBeNull()
  })
})

describe('UserInfo', () => {
  it('refuses a missing, forged or foreign token', async () => {
    const none = await fetch(`${op.issuer}/oidc/userinfo`)
    expect(none.status).toBe(401)
    expect(none.headers.get('WWW-Authenticate')).toContain('Bearer')
    const forged = await fetch(`${op.issuer}/oidc/userinfo`, {
      headers: { Authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.' },
    })
    expect(forged.status).toBe(401)
    expect(await forged.json()).toMatchObject({ error: 'invalid_token' })
  })
})
