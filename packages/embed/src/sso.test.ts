import { webcrypto } from 'node:crypto'
import { runInNewContext } from 'node:vm'
import { beforeAll, describe, expect, it } from 'vitest'
import { BUDGET_GZIP_BYTES, buildEmbed } from '../scripts/build.mjs'

let code: string

beforeAll(async () => {
  const built = await buildEmbed({ write: false })
  code = built.code
  console.log(`sso.js: ${built.bytes} bytes, ${built.gzipped} bytes gzipped`)
})

describe('size budget', () => {
  it(`stays within ${BUDGET_GZIP_BYTES} bytes gzipped`, async () => {
    const { gzipped } = await buildEmbed({ write: false })
    expect(gzipped).toBeLessThanOrEqual(BUDGET_GZIP_BYTES)
  })
})

/**
 * Exactly the DOM and BOM surface sso.js may touch, recorded. Anything else (localStorage,
 * innerHTML, eval, fetch) is absent, so touching it throws inside the script.
 */
function page(options: { url?: string; attributes?: Record<string, string>; src?: string } = {}) {
  const url = new URL(options.url ?? 'https://shop.example/products?x=1#reviews')
  const attributes: Record<string, string> = { 'data-app': 'shop', ...options.attributes }
  const cookies: string[] = []
  const navigations: string[] = []
  const errors: string[] = []
  const warnings: string[] = []
  let onClick: ((event: unknown) => void) | undefined
  const window: Record<string, unknown> = {}
  const document = {
    currentScript: {
      src: options.src ?? 'https://sso.example.com/sso.js',
      getAttribute: (name: string) => attributes[name] ?? null,
    },
    set cookie(value: string) {
      cookies.push(value)
    },
    addEventListener: (type: string, listener: (event: unknown) => void) => {
      if (type === 'click') onClick = listener
    },
  }
  const location = {
    href: url.href,
    protocol: url.protocol,
    hostname: url.hostname,
    assign: (to: string) => navigations.push(to),
  }
  const context = {
    window,
    document,
    location,
    crypto: webcrypto,
    btoa,
    URL,
    URLSearchParams,
    console: { error: (m: string) => errors.push(m), warn: (m: string) => warnings.push(m) },
  }
  runInNewContext(code, context)
  const api = window.ssobridge as { login(o?: object): void; logout(o?: object): void } | undefined
  const click = (attribute: string, value = '') => {
    let prevented = false
    const element = {
      closest: (selector: string) => (selector === `[${attribute}]` ? element : null),
      getAttribute: (name: string) => (name === attribute ? value : null),
    }
    onClick?.({ target: element, preventDefault: () => (prevented = true) })
    return prevented
  }
  return { api, cookies, navigations, errors, warnings, click }
}

const params = (href: string) => Object.fromEntries(new URL(href).searchParams)

describe('sso.js', () => {
  it('sends the visitor to /authorize with a fresh state kept in a cross-site cookie', () => {
    const p = page()
    p.api!.login()
    expect(p.navigations).toHaveLength(1)
    const target = new URL(p.navigations[0]!)
    expect(target.origin + target.pathname).toBe('https://sso.example.com/authorize')
    const q = params(p.navigations[0]!)
    expect(Object.keys(q).sort()).toEqual(['app', 'return_to', 'state'])
    expect(q.app).toBe('shop')
    expect(q.return_to).toBe('https://shop.example/products?x=1')
    expect(q.state).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(p.cookies).toEqual([
      `ssobridge_state_shop=${q.state}; Path=/; Max-Age=600; SameSite=None; Secure`,
    ])
    p.api!.login()
    expect(params(p.navigations[1]!).state).not.toBe(q.state)
  })

  it('passes options and data attributes through', () => {
    const p = page({
      attributes: { 'data-redirect-uri': 'https://shop.example/cb2', 'data-connection': 'corp' },
    })
    p.api!.login({
      prompt: 'none',
      loginHint: 'a@example.com',
      returnTo: 'https://shop.example/cart',
    })
    expect(params(p.navigations[0]!)).toMatchObject({
      redirect_uri: 'https://shop.example/cb2',
      connection: 'corp',
      prompt: 'none',
      login_hint: 'a@example.com',
      return_to: 'https://shop.example/cart',
    })
  })

  it('uses Secure cookies on loopback http, and warns and falls back to Lax elsewhere', () => {
    const loopback = page({ url: 'http://127.0.0.1:4001/' })
    loopback.api!.login()
    expect(loopback.cookies[0]).toContain('SameSite=None; Secure')
    const plain = page({ url: 'http://shop.test/' })
    plain.api!.login()
    expect(plain.cookies[0]).toMatch(/SameSite=Lax$/)
    expect(plain.warnings[0]).toMatch(/https/)
  })

  it('does nothing but log when data-app is missing or invalid', () => {
    for (const app of ['', 'Shop', '../x', 'a b', 'x'.repeat(64)]) {
      const p = page({ attributes: { 'data-app': app } })
      expect(p.api).toBeUndefined()
      expect(p.errors).toEqual(['ssobridge: data-app is missing or not a valid app id'])
      expect(p.click('data-sso-login')).toBe(false)
    }
  })

  it('ignores an invalid data-redirect-uri or data-connection', () => {
    const p = page({
      attributes: { 'data-redirect-uri': 'javascript:alert(1)', 'data-connection': 'Bad!' },
    })
    p.api!.login()
    expect(params(p.navigations[0]!)).not.toHaveProperty('redirect_uri')
    expect(params(p.navigations[0]!)).not.toHaveProperty('connection')
    expect(p.errors).toHaveLength(2)
  })

  it('wires data-sso-login (with an optional connection) and data-sso-logout', () => {
    const p = page()
    expect(p.click('data-sso-login', 'corp')).toBe(true)
    expect(params(p.navigations[0]!).connection).toBe('corp')
    expect(p.click('data-sso-login')).toBe(true)
    expect(params(p.navigations[1]!)).not.toHaveProperty('connection')
    expect(p.click('data-sso-logout')).toBe(true)
    const out = new URL(p.navigations[2]!)
    expect(out.pathname).toBe('/logout')
    expect(params(out.href)).toEqual({
      app: 'shop',
      return_to: 'https://shop.example/products?x=1',
    })
    expect(p.click('data-unrelated')).toBe(false)
  })

  it('takes the bridge origin from its own src, for the hashed URL too', () => {
    const p = page({ src: 'https://sso.example.com:8443/sso.0123456789ab.js' })
    p.api!.logout({ returnTo: 'https://shop.example/bye' })
    expect(p.navigations[0]).toBe(
      'https://sso.example.com:8443/logout?app=shop&return_to=https%3A%2F%2Fshop.example%2Fbye',
    )
  })
})
