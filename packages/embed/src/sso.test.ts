import { webcrypto } from 'node:crypto'
import { runInNewContext } from 'node:vm'
import { beforeAll, describe, expect, it } from 'vitest'
import { buildEmbed } from '../scripts/build.mjs'

// The minified bundle esbuild produces, the same bytes as dist/sso.js.
let code: string
beforeAll(async () => {
  code = (await buildEmbed({ write: false })).code
})

type FakeElement = {
  getAttribute(name: string): string | null
  closest(selectors: string): FakeElement | null
}

/** An element with attributes and a parent; `closest` knows attribute selectors only. */
function element(attributes: Record<string, string>, parent?: FakeElement): FakeElement {
  const self: FakeElement = {
    getAttribute: (name) => attributes[name] ?? null,
    closest: (selectors) => {
      const names = selectors.split(',').map((s) => /^\[([a-z-]+)\]$/.exec(s.trim())![1]!)
      return names.some((name) => name in attributes) ? self : (parent?.closest(selectors) ?? null)
    },
  }
  return self
}

type Api = { login(options?: object | null): void; logout(options?: object): void }

/**
 * Exactly the DOM and BOM surface sso.js may touch, recorded. Storage is a trap that records
 * and throws; anything else (innerHTML, fetch, ...) is absent, so touching it throws too.
 */
function page(
  options: {
    url?: string
    attributes?: Record<string, string>
    src?: string
    currentScript?: null
    window?: Record<string, unknown>
  } = {},
) {
  const url = new URL(options.url ?? 'https://shop.example/products?x=1#reviews')
  const cookies: string[] = []
  const navigations: string[] = []
  const errors: string[] = []
  const warnings: string[] = []
  const storageTouched: string[] = []
  const clickListeners: ((event: unknown) => void)[] = []
  const trap = (target: object) => {
    for (const name of ['localStorage', 'sessionStorage']) {
      Object.defineProperty(target, name, {
        get() {
          storageTouched.push(name)
          throw new Error(`${name} touched`)
        },
      })
    }
    return target
  }
  const window = trap({ ...options.window }) as Record<string, unknown>
  const script = element({ 'data-app': 'shop', ...options.attributes })
  const document = {
    currentScript:
      options.currentScript === null
        ? null
        : {
            src: options.src ?? 'https://sso.example.com/sso.js',
            getAttribute: script.getAttribute,
          },
    set cookie(value: string) {
      cookies.push(value)
    },
    addEventListener: (type: string, listener: (event: unknown) => void) => {
      if (type === 'click') clickListeners.push(listener)
    },
  }
  const location = {
    href: url.href,
    protocol: url.protocol,
    hostname: url.hostname,
    assign: (to: string) => navigations.push(to),
  }
  const context = trap({
    window,
    document,
    location,
    crypto: webcrypto,
    btoa,
    URL,
    URLSearchParams,
    console: {
      error: (m: string) => errors.push(m),
      warn: (m: string) => warnings.push(m),
    },
  })
  runInNewContext(code, context)
  const api = window.ssobridge as Api | undefined
  /** Clicks `target`; tells whether the default action was prevented. */
  const click = (target: unknown) => {
    let prevented = false
    for (const listener of clickListeners) {
      listener({ target, preventDefault: () => (prevented = true) })
    }
    return prevented
  }
  return { api, cookies, navigations, errors, warnings, storageTouched, clickListeners, click }
}

const params = (href: string) => Object.fromEntries(new URL(href).searchParams)
const stateOf = (href: string) => new URL(href).searchParams.get('state')

describe('sso.js login', () => {
  it('sends the visitor to /authorize with a fresh state kept in a cross-site cookie', () => {
    const p = page()
    p.api!.login()
    expect(p.navigations).toHaveLength(1)
    const target = new URL(p.navigations[0]!)
    expect(target.origin + target.pathname).toBe('https://sso.example.com/authorize')
    const state = stateOf(target.href)!
    expect(params(target.href)).toEqual({
      app: 'shop',
      state,
      return_to: 'https://shop.example/products?x=1',
    })
    expect(state).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(p.cookies).toEqual([
      `ssobridge_state_shop=${state}; Path=/; Max-Age=600; SameSite=None; Secure`,
    ])
    expect(p.warnings).toEqual([])
    expect(p.errors).toEqual([])

    p.api!.login()
    expect(stateOf(p.navigations[1]!)).not.toBe(state)
    expect(p.cookies[1]).toContain(`=${stateOf(p.navigations[1]!)};`)
  })

  it('passes every option, and the data attributes, through', () => {
    const p = page({
      attributes: { 'data-redirect-uri': 'https://shop.example/cb2', 'data-connection': 'corp' },
    })
    p.api!.login({
      prompt: 'none',
      loginHint: 'a+b@example.com',
      returnTo: 'https://shop.example/cart?step=2',
    })
    const q = params(p.navigations[0]!)
    expect(q).toEqual({
      app: 'shop',
      state: q.state,
      return_to: 'https://shop.example/cart?step=2',
      redirect_uri: 'https://shop.example/cb2',
      connection: 'corp',
      prompt: 'none',
      login_hint: 'a+b@example.com',
    })
    p.api!.login({ connection: 'partner', prompt: 'login' })
    expect(params(p.navigations[1]!)).toMatchObject({ connection: 'partner', prompt: 'login' })
    p.api!.login(null)
    expect(params(p.navigations[2]!).connection).toBe('corp')
  })

  it.each(['https://shop.example/', 'http://127.0.0.1:4001/', 'http://localhost:3000/a'])(
    'sets SameSite=None; Secure on %s',
    (url) => {
      const p = page({ url })
      p.api!.login()
      expect(p.cookies[0]).toMatch(/; Path=\/; Max-Age=600; SameSite=None; Secure$/)
      expect(p.warnings).toEqual([])
    },
  )

  it('falls back to SameSite=Lax and warns on plain http', () => {
    const p = page({ url: 'http://example.test/page' })
    p.api!.login()
    const state = stateOf(p.navigations[0]!)
    expect(p.cookies).toEqual([`ssobridge_state_shop=${state}; Path=/; Max-Age=600; SameSite=Lax`])
    expect(p.warnings).toEqual([
      'ssobridge: sign-in needs https; the state cookie cannot be Secure',
    ])
    expect(p.navigations).toHaveLength(1)
  })
})

describe('sso.js configuration', () => {
  it.each(['', 'Shop', '../x', 'a b', '-shop', 'x'.repeat(64)])(
    'does nothing but log when data-app is %j',
    (app) => {
      const p = page({ attributes: { 'data-app': app } })
      expect(p.api).toBeUndefined()
      expect(p.clickListeners).toEqual([])
      expect(p.errors).toEqual(['ssobridge: data-app is missing or not a valid app id'])
      expect(p.cookies).toEqual([])
      expect(p.navigations).toEqual([])
    },
  )

  it('does nothing but log without data-app, without its own script tag, or loaded twice', () => {
    const noApp = page({ attributes: { 'data-app': '' } })
    expect(noApp.api).toBeUndefined()
    const module = page({ currentScript: null })
    expect(module.api).toBeUndefined()
    expect(module.errors).toEqual(['ssobridge: load sso.js with a <script src> tag'])
    const inline = page({ src: '' })
    expect(inline.api).toBeUndefined()
    const twice = page({ window: { ssobridge: {} } })
    expect(twice.clickListeners).toEqual([])
    expect(twice.errors).toEqual([
      'ssobridge: sso.js is loaded twice; the second copy does nothing',
    ])
  })

  it.each(['javascript:alert(1)', '/sso/callback', 'shop.example/cb', 'https://', 'ftp://x/cb'])(
    'ignores data-redirect-uri %j with an error',
    (uri) => {
      const p = page({ attributes: { 'data-redirect-uri': uri } })
      p.api!.login()
      expect(params(p.navigations[0]!)).not.toHaveProperty('redirect_uri')
      expect(p.errors).toEqual([
        'ssobridge: data-redirect-uri must be an absolute http(s) URL; ignored',
      ])
    },
  )

  it('accepts an http(s) data-redirect-uri as written', () => {
    const p = page({ attributes: { 'data-redirect-uri': 'http://127.0.0.1:4001/sso/callback' } })
    p.api!.login()
    expect(params(p.navigations[0]!).redirect_uri).toBe('http://127.0.0.1:4001/sso/callback')
  })

  it('ignores an invalid data-connection with an error', () => {
    const p = page({ attributes: { 'data-connection': 'Bad!' } })
    p.api!.login()
    expect(params(p.navigations[0]!)).not.toHaveProperty('connection')
    expect(p.errors).toEqual(['ssobridge: data-connection is not a valid connection id; ignored'])
  })

  it('takes the bridge origin from its own src, for the hashed URL too', () => {
    const p = page({ src: 'https://sso.example.com:8443/assets/sso.0123456789ab.js?v=1' })
    p.api!.logout({ returnTo: 'https://shop.example/bye' })
    expect(p.navigations).toEqual([
      'https://sso.example.com:8443/logout?app=shop&return_to=https%3A%2F%2Fshop.example%2Fbye',
    ])
  })
})

describe('sso.js logout', () => {
  it('sends the visitor to /logout with the page without its hash', () => {
    const p = page()
    p.api!.logout()
    expect(p.navigations).toEqual([
      'https://sso.example.com/logout?app=shop&return_to=https%3A%2F%2Fshop.example%2Fproducts%3Fx%3D1',
    ])
    expect(p.cookies).toEqual([])
  })
})

describe('sso.js data attributes', () => {
  it('wires data-sso-login, with its value as the connection, and data-sso-logout', () => {
    const p = page({ attributes: { 'data-connection': 'staff' } })
    expect(p.click(element({ 'data-sso-login': 'corp' }))).toBe(true)
    expect(params(p.navigations[0]!).connection).toBe('corp')
    expect(p.cookies[0]).toContain(`=${stateOf(p.navigations[0]!)};`)

    // An empty value keeps data-connection's choice.
    expect(p.click(element({ 'data-sso-login': '' }))).toBe(true)
    expect(params(p.navigations[1]!).connection).toBe('staff')

    expect(p.click(element({ 'data-sso-logout': '' }))).toBe(true)
    expect(new URL(p.navigations[2]!).pathname).toBe('/logout')
    expect(p.cookies).toHaveLength(2)
  })

  it('handles clicks inside a marked element, the innermost marked one winning', () => {
    const p = page()
    const button = element({ 'data-sso-login': 'corp' })
    expect(p.click(element({}, element({}, button)))).toBe(true)
    expect(params(p.navigations[0]!).connection).toBe('corp')
    const signOutInCard = element({ 'data-sso-logout': '' }, element({ 'data-sso-login': '' }))
    expect(p.click(element({}, signOutInCard))).toBe(true)
    expect(new URL(p.navigations[1]!).pathname).toBe('/logout')
  })

  it('leaves other clicks alone', () => {
    const p = page()
    expect(p.click(element({ 'data-unrelated': '' }))).toBe(false)
    expect(p.click(null)).toBe(false)
    expect(p.click({})).toBe(false) // the document or window as target: no closest()
    expect(p.navigations).toEqual([])
  })

  it('drops an invalid data-sso-login value with an error and still signs in', () => {
    const p = page()
    expect(p.click(element({ 'data-sso-login': 'Corp!' }))).toBe(true)
    expect(params(p.navigations[0]!)).not.toHaveProperty('connection')
    expect(p.errors).toEqual(['ssobridge: data-sso-login is not a valid connection id; ignored'])
  })
})

describe('sso.js hygiene', () => {
  it('never touches storage', () => {
    const p = page({ attributes: { 'data-redirect-uri': 'https://shop.example/cb' } })
    p.api!.login()
    p.click(element({ 'data-sso-login': 'corp' }))
    p.api!.logout()
    expect(p.navigations).toHaveLength(3)
    expect(p.storageTouched).toEqual([])
  })

  it('ships no eval, innerHTML, storage or source map', () => {
    expect(code).not.toMatch(/\beval\b|new Function|innerHTML|localStorage|sessionStorage/)
    expect(code).not.toContain('sourceMappingURL')
    expect(code.trim().split('\n')).toHaveLength(1)
  })
})
