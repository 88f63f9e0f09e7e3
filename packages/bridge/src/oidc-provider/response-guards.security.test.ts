/**
 * oidc-provider's own answers carry the bridge's headers: a CSP on the form_post page that
 * carries a code and on the logout form shown without an OP session, a `__Host-` session cookie
 * on https, and CORS for registered origins of public clients only, on errors too.
 */
import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CRM_CALLBACK, SPA_ORIGIN, SPA_PAGE, startOpBridge, walk } from '../testing/op-fixture.js'

let op: Awaited<ReturnType<typeof startOpBridge>>
beforeAll(async () => {
  op = await startOpBridge()
})
afterAll(() => op.close())

const authorize = (params: Record<string, string>) =>
  `${op.issuer}/oidc/authorize?${new URLSearchParams(params)}`

/** The CSP as directive → sources. */
function csp(response: Response): Record<string, string[]> {
  const header = response.headers.get('Content-Security-Policy')
  expect(header).toBeTruthy()
  return Object.fromEntries(
    header!
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...values]) => [name, values]),
  )
}

/** Every inline script of the page is allowed by the CSP's hashes, and nothing else is. */
function expectScriptsAllowed(html: string, policy: Record<string, string[]>) {
  const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!)
  expect(scripts.length).toBeGreaterThan(0)
  for (const script of scripts) {
    const hash = `'sha256-${createHash('sha256').update(script).digest('base64')}'`
    expect(policy['script-src']).toContain(hash)
  }
  expect(policy['script-src']).not.toContain("'unsafe-inline'")
}

function expectBridgeHeaders(response: Response, policy: Record<string, string[]>) {
  expect(policy['default-src']).toEqual(["'none'"])
  expect(policy['frame-ancestors']).toEqual(["'none'"])
  expect(policy['base-uri']).toEqual(["'none'"])
  expect(response.headers.get('X-Frame-Options')).toBe('DENY')
  expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff')
  expect(response.headers.get('Cache-Control')).toContain('no-store')
}

describe("oidc-provider's pages", () => {
  it('the form_post page with the code has a CSP: its script by hash, forms to the client only', async () => {
    const browser = op.browser()
    const { response } = await walk(
      browser,
      op.issuer,
      authorize({
        client_id: 'crm',
        response_type: 'code',
        response_mode: 'form_post',
        redirect_uri: CRM_CALLBACK,
        scope: 'openid',
        state: 'st-1',
        nonce: 'n-1',
      }),
    )
    expect(response?.status).toBe(200)
    const html = await response!.text()
    expect(html).toContain(`action="${CRM_CALLBACK}"`)
    expect(html).toContain('name="code"')
    const policy = csp(response!)
    expectBridgeHeaders(response!, policy)
    expectScriptsAllowed(html, policy)
    expect(policy['form-action']).toEqual(["'self'", new URL(CRM_CALLBACK).origin])
  })

  it('the logout form shown without an OP session has a CSP, forms to the bridge only', async () => {
    const response = await op.browser().get(`${op.issuer}/oidc/logout?client_id=crm`)
    expect(response.status).toBe(200)
    const html = await response.text()
    expect(html).toContain('name="xsrf"')
    const policy = csp(response)
    expectBridgeHeaders(response, policy)
    expectScriptsAllowed(html, policy)
    expect(policy['form-action']).toEqual(["'self'"])
  })
})

describe("oidc-provider's CORS", () => {
  const post = (path: string, origin: string, fields: Record<string, string>) =>
    fetch(`${op.issuer}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: origin },
      body: new URLSearchParams(fields),
    })
  const badCode = { grant_type: 'authorization_code', code: 'nope', redirect_uri: SPA_PAGE }

  it('answers errors before client authentication without CORS', async () => {
    for (const [path, fields] of [
      ['/oidc/token', { ...badCode, client_id: 'no-such-client' }],
      ['/oidc/token', badCode],
      ['/oidc/revoke', { token: 'x', client_id: 'no-such-client' }],
    ] as const) {
      const response = await post(path, 'https://evil.example', fields)
      expect(response.status).toBeGreaterThanOrEqual(400)
      expect((await response.json()).error).toMatch(/invalid_(client|request)/)
      expect(response.headers.get('Access-Control-Allow-Origin')).toBeNull()
    }
  })

  it('lets only a public client’s registered origin read its answers, errors included', async () => {
    const own = await post('/oidc/token', SPA_ORIGIN, { ...badCode, client_id: 'notes' })
    expect((await own.json()).error).toBe('invalid_grant')
    expect(own.headers.get('Access-Control-Allow-Origin')).toBe(SPA_ORIGIN)

    const other = await post('/oidc/token', 'https://evil.example', {
      ...badCode,
      client_id: 'notes',
    })
    expect(other.status).toBe(400)
    expect(other.headers.get('Access-Control-Allow-Origin')).toBeNull()

    // A confidential client is never called from a browser.
    const confidential = await post('/oidc/token', SPA_ORIGIN, { ...badCode, client_id: 'crm' })
    expect(confidential.status).toBeGreaterThanOrEqual(400)
    expect(confidential.headers.get('Access-Control-Allow-Origin')).toBeNull()
  })

  it('preflights revocation like the token endpoint: registered origins only', async () => {
    for (const [origin, allowed] of [
      [SPA_ORIGIN, SPA_ORIGIN],
      ['https://evil.example', null],
    ] as const) {
      const response = await fetch(`${op.issuer}/oidc/revoke`, {
        method: 'OPTIONS',
        headers: { Origin: origin, 'Access-Control-Request-Method': 'POST' },
      })
      expect(response.headers.get('Access-Control-Allow-Origin')).toBe(allowed)
    }
  })
})

describe("oidc-provider's session cookie", () => {
  it('has the __Host- prefix when the issuer is https', async () => {
    const secure = await startOpBridge({ issuer: (port) => `https://localhost:${port}` })
    try {
      const http = secure.issuer.replace('https:', 'http:')
      const response = await fetch(`${http}/oidc/logout?client_id=crm`, { redirect: 'manual' })
      const cookies = response.headers.getSetCookie()
      const session = cookies.find((c) => c.includes('ssobridge_op_session='))
      expect(session).toMatch(/^__Host-ssobridge_op_session=/)
      expect(session).toMatch(/; path=\/(;|$)/)
      expect(session).toMatch(/; secure/i)
      expect(session).not.toMatch(/; domain=/i)
    } finally {
      await secure.close()
    }
  })
})
