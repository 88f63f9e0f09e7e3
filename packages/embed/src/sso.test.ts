import { createHash } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { buildEmbed } from '../scripts/build.mjs'
import { element, page as fakePage, type PageOptions } from './test-page.js'

// The minified bundle esbuild produces, the same bytes as dist/sso.js.
let code: string
beforeAll(async () => {
  code = (await buildEmbed({ write: false })).code
})
const page = (options: PageOptions = {}) => fakePage(code, options)

const params = (href: string) => Object.fromEntries(new URL(href).searchParams)
const stateOf = (href: string) => new URL(href).searchParams.get('state')
/**
 * Every sign-in carries a PKCE challenge, whatever the app's delivery; the method is left out
 * (S256 is the bridge's only one, and its default).
 */
const pkce = { code_challenge: expect.stringMatching(/^[\w-]{43}$/) }
const COOKIE = /^ssobridge_state_shop=[\w-]{43};Path=\/;Max-Age=600;SameSite=None;Secure$/

describe('sso.js login', () => {
  it('sends the visitor to /authorize with a fresh state kept in a cross-site cookie', async () => {
    const p = page()
    p.api!.login()
    await p.settle()
    expect(p.navigations).toHaveLength(1)
    const target = new URL(p.navigations[0]!)
    expect(target.origin + target.pathname).toBe('https://sso.example.com/authorize')
    const state = stateOf(target.href)!
    expect(params(target.href)).toEqual({
      app: 'shop',
      state,
      return_to: 'https://shop.example/products?x=1',
      ...pkce,
    })
    expect(state).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(p.cookies).toEqual([
      `ssobridge_state_shop=${state};Path=/;Max-Age=600;SameSite=None;Secure`,
    ])
    expect(p.errors).toEqual([])

    p.api!.login()
    await p.settle()
    expect(stateOf(p.navigations[1]!)).not.toBe(state)
    expect(p.cookies[1]).toContain(`=${stateOf(p.navigations[1]!)};`)
  })

  it('passes every option, and the data attributes, through', async () => {
    const p = page({
      attributes: {
        'data-redirect-uri': 'https://shop.example/cb2',
        'data-connection': 'corp',
        'data-locale': 'de',
      },
    })
    p.api!.login({
      prompt: 'none',
      loginHint: 'a+b@example.com',
      returnTo: 'https://shop.example/cart?step=2',
    })
    await p.settle()
    const q = params(p.navigations[0]!)
    expect(q).toEqual({
      app: 'shop',
      state: q.state,
      return_to: 'https://shop.example/cart?step=2',
      redirect_uri: 'https://shop.example/cb2',
      connection: 'corp',
      ui_locales: 'de',
      prompt: 'none',
      login_hint: 'a+b@example.com',
      ...pkce,
    })
    p.api!.login({ connection: 'partner', prompt: 'login' })
    await p.settle()
    expect(params(p.navigations[1]!)).toMatchObject({
      connection: 'partner',
      prompt: 'login',
      ui_locales: 'de',
    })
    p.api!.login(null)
    await p.settle()
    expect(params(p.navigations[2]!).connection).toBe('corp')
  })

  it('always sets SameSite=None; Secure: the bridge posts back cross-site (https needed)', () => {
    for (const url of ['https://shop.example/', 'http://127.0.0.1:4001/', 'http://example.test/']) {
      const p = page({ url })
      p.api!.login()
      expect(p.cookies[0]).toMatch(COOKIE)
    }
  })

  it('still signs in without WebCrypto (plain http), only without a challenge', async () => {
    const p = page({ url: 'http://example.test/', insecure: true })
    p.api!.login()
    await p.settle()
    expect(params(p.navigations[0]!)).not.toHaveProperty('code_challenge')
    expect(p.errors).toHaveLength(1)
  })
})

describe('sso.js configuration', () => {
  it.each(['', 'Shop', '../x', 'a b', '-shop', 'x'.repeat(64)])(
    'does nothing but log when data-app is %j',
    (app) => {
      const p = page({ attributes: { 'data-app': app } })
      expect(p.api).toBeUndefined()
      expect(p.clickListeners).toEqual([])
      expect(p.errors).toEqual(['ssobridge: bad data-app'])
      expect(p.cookies).toEqual([])
      expect(p.navigations).toEqual([])
    },
  )

  it('does nothing but log without its own script tag, or loaded twice', async () => {
    const module = page({ currentScript: null })
    await module.settle()
    expect(module.api).toBeUndefined()
    expect(module.clickListeners).toEqual([])
    expect(module.errors).toEqual([expect.stringMatching(/^ssobridge: TypeError/)])
    const inline = page({ src: '' })
    await inline.settle()
    expect(inline.api).toBeUndefined()
    expect(inline.errors).toEqual([expect.stringMatching(/^ssobridge: TypeError/)])
    const twice = page({ window: { ssobridge: {} } })
    expect(twice.clickListeners).toEqual([])
    expect(twice.errors).toEqual(['ssobridge: loaded twice'])
  })

  // The bridge is the one place that checks these (exact callback, enabled connection) and
  // explains a bad one on its error page: the script passes them on as written.
  it.each(['javascript:alert(1)', '/sso/callback', 'Bad!'])(
    'passes data-redirect-uri and data-connection %j to the bridge as written',
    async (value) => {
      const p = page({ attributes: { 'data-redirect-uri': value, 'data-connection': value } })
      p.api!.login()
      await p.settle()
      expect(params(p.navigations[0]!)).toMatchObject({ redirect_uri: value, connection: value })
      expect(p.errors).toEqual([])
    },
  )

  it('accepts an http(s) data-redirect-uri as written', async () => {
    const p = page({ attributes: { 'data-redirect-uri': 'http://127.0.0.1:4001/sso/callback' } })
    p.api!.login()
    await p.settle()
    expect(params(p.navigations[0]!).redirect_uri).toBe('http://127.0.0.1:4001/sso/callback')
  })

  it('makes no silent sign-in for an unknown data-auto value; data-delivery changes nothing', async () => {
    const session: Record<string, string> = {}
    const p = page({
      attributes: {
        'data-delivery': 'javascript:alert(1)',
        'data-auto': '<b>silent</b>',
        'data-signed-in': 'false',
      },
      session,
    })
    await p.settle()
    expect(p.navigations).toEqual([])
    expect(session).toEqual({})
  })

  it('takes the bridge origin from its own src, for the hashed URL too', () => {
    const p = page({ src: 'https://sso.example.com:8443/assets/sso.0123456789ab.js?v=1' })
    p.api!.logout({ returnTo: 'https://shop.example/bye' })
    expect(p.navigations).toEqual([
      'https://sso.example.com:8443/logout?app=shop&return_to=https%3A%2F%2Fshop.example%2Fbye',
    ])
  })
})

describe('sso.js one snippet for every delivery', () => {
  it('starts every sign-in the same way: state cookie, PKCE challenge, verifier kept in the tab', async () => {
    const session: Record<string, string> = {}
    const p = page({ session })
    p.api!.login()
    await p.settle()
    const q = params(p.navigations[0]!)
    expect(q).toEqual({ app: 'shop', state: q.state, return_to: expect.any(String), ...pkce })
    expect(p.cookies[0]).toContain(`=${q.state};`)
    const [state, verifier] = session.ssobridge_shop_tx!.split(' ')
    expect(state).toBe(q.state)
    expect(createHash('sha256').update(verifier!).digest('base64url')).toBe(q.code_challenge)
  })

  it('signs in without data-delivery when the bridge comes back with a code', async () => {
    const session: Record<string, string> = {}
    const start = page({ url: STATIC, attributes: { 'data-app': 'static' }, session })
    start.api!.login()
    await start.settle()
    const back = page({
      url: `${STATIC}?code=c&state=${stateOf(start.navigations[0]!)}`,
      attributes: { 'data-app': 'static' },
      session,
      token: () => ({ profile: alice }),
    })
    await back.settle()
    expect(back.fetches).toHaveLength(1)
    expect(back.api!.user()).toEqual(alice)
  })

  it('signs in without storage too (privacy modes): the cookie is enough for a backend', async () => {
    const p = page()
    p.api!.login()
    await p.settle()
    expect(p.navigations).toHaveLength(1)
    expect(p.errors).toEqual([])
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

  it("proves it comes from a site of the session with the profile's sid, or the one given", () => {
    const session = { ssobridge_shop: JSON.stringify({ ...alice, sid: 'sid-of-tab' }) }
    const p = page({ session })
    p.api!.logout({ returnTo: 'https://shop.example/' })
    expect(params(p.navigations[0]!)).toEqual({
      app: 'shop',
      sid: 'sid-of-tab',
      return_to: 'https://shop.example/',
    })
    const q = page()
    q.api!.logout({ sid: 'from-the-server' })
    expect(params(q.navigations[0]!).sid).toBe('from-the-server')
  })
})

describe('sso.js data attributes', () => {
  it('wires data-sso-login, with its value as the connection, and data-sso-logout', async () => {
    const p = page({ attributes: { 'data-connection': 'staff' } })
    expect(p.click(element({ 'data-sso-login': 'corp' }))).toBe(true)
    await p.settle()
    expect(params(p.navigations[0]!).connection).toBe('corp')
    expect(p.cookies[0]).toContain(`=${stateOf(p.navigations[0]!)};`)

    // An empty value keeps data-connection's choice.
    expect(p.click(element({ 'data-sso-login': '' }))).toBe(true)
    await p.settle()
    expect(params(p.navigations[1]!).connection).toBe('staff')

    expect(p.click(element({ 'data-sso-logout': '' }))).toBe(true)
    expect(new URL(p.navigations[2]!).pathname).toBe('/logout')
    expect(p.cookies).toHaveLength(2)
  })

  it('handles clicks inside a marked element, the innermost marked one winning', async () => {
    const p = page()
    const button = element({ 'data-sso-login': 'corp' })
    expect(p.click(element({}, element({}, button)))).toBe(true)
    await p.settle()
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

  it('passes a data-sso-login value on as written: the bridge refuses an unknown one', async () => {
    const p = page()
    expect(p.click(element({ 'data-sso-login': 'Corp!' }))).toBe(true)
    await p.settle()
    expect(params(p.navigations[0]!).connection).toBe('Corp!')
    expect(p.errors).toEqual([])
  })
})

const STATIC = 'https://site.example/'
// The same snippet as every app's: no data-delivery.
const codeMode = { 'data-app': 'static' }
const alice = { sub: 'u-1', email: 'alice@example.com', name: 'Alice <img src=x onerror=alert(1)>' }

/** A static page's marked elements. */
function staticElements() {
  return {
    signedIn: element({ 'data-sso-show': 'signed-in' }),
    signedOut: element({ 'data-sso-show': 'signed-out' }),
    email: element({ 'data-sso-user': 'email' }),
    name: element({ 'data-sso-user': 'name' }),
    odd: element({ 'data-sso-show': 'always', 'data-sso-user': 'sub' }),
  }
}

/** Starts a code-mode sign-in in one tab; returns the tab's storage and where it went. */
async function startCodeSignIn(session: Record<string, string> = {}, url = STATIC) {
  const p = page({ url, attributes: codeMode, session })
  p.api!.login()
  await p.settle()
  return { session, target: p.navigations[0]!, p }
}

describe('sso.js code mode', () => {
  it('goes to /authorize with a PKCE S256 challenge, keeping the verifier in the tab', async () => {
    const { session, target } = await startCodeSignIn()
    const q = params(target)
    expect(q).toEqual({ app: 'static', state: q.state, return_to: STATIC, ...pkce })
    const [state, verifier, returnTo] = session.ssobridge_static_tx!.split(' ')
    expect(state).toBe(q.state)
    expect(returnTo).toBe(STATIC)
    expect(createHash('sha256').update(verifier!).digest('base64url')).toBe(q.code_challenge)
    expect(verifier).toMatch(/^[A-Za-z0-9_-]{43}$/)
  })

  it('redeems the code, keeps only the profile, cleans the URL, fills and toggles the page', async () => {
    const { session, target } = await startCodeSignIn()
    const state = params(target).state
    const els = staticElements()
    const p = page({
      url: `${STATIC}?code=the-code&state=${state}`,
      attributes: codeMode,
      session,
      elements: Object.values(els),
      token: () => ({ token: 'eyJ.the.token', expires_in: 120, profile: alice }),
    })
    expect(p.replaced).toEqual([STATIC])
    // The answer was taken here: the state cookie, meant for a site's callback, is cleared.
    expect(p.cookies).toEqual(['ssobridge_state_static=;Path=/;Max-Age=0;SameSite=None;Secure'])
    expect(p.fetches).toHaveLength(1)
    expect(p.fetches[0]!.url).toBe('https://sso.example.com/token')
    expect(p.fetches[0]!.init.method).toBe('POST')
    const body = Object.fromEntries(new URLSearchParams(String(p.fetches[0]!.init.body)))
    expect(body).toEqual({
      client_id: 'static',
      code: 'the-code',
      code_verifier: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      redirect_uri: STATIC,
    })
    await p.settle()
    expect(p.api!.user()).toEqual(alice)
    expect(p.events).toEqual([{ type: 'ssobridge:login', detail: alice }])
    expect(els.signedIn.hidden).toBe(false)
    expect(els.signedOut.hidden).toBe(true)
    expect(els.email.textContent).toBe('alice@example.com')
    // Markup in a name stays text: only textContent is ever written.
    expect(els.name.textContent).toBe(alice.name)
    expect(els.odd).not.toHaveProperty('hidden')
    expect(els.odd).not.toHaveProperty('textContent')
    // The tab keeps the profile; no token anywhere, the pending sign-in is gone.
    expect(JSON.parse(session.ssobridge_static!)).toEqual(alice)
    expect(JSON.stringify(session)).not.toContain('eyJ')
    expect(session.ssobridge_static_tx).toBe('')
    expect(p.navigations).toEqual([])
  })

  it('shows the profile on the next page of the tab without asking again', async () => {
    const session = { ssobridge_static: JSON.stringify(alice) }
    const els = staticElements()
    const p = page({ url: `${STATIC}about`, attributes: codeMode, session, elements: [els.email] })
    expect(els.email.textContent).toBe('alice@example.com')
    expect(p.api!.user()).toEqual(alice)
    expect(p.fetches).toEqual([])
  })

  it('goes back to the page the sign-in started from, on this site only', async () => {
    const { session, target } = await startCodeSignIn({}, `${STATIC}pricing?plan=pro`)
    const p = page({
      url: `${STATIC}?code=c&state=${params(target).state}`,
      attributes: codeMode,
      session,
      token: () => ({ profile: alice }),
    })
    await p.settle()
    expect(p.navigations).toEqual([`${STATIC}pricing?plan=pro`])

    // Started on the callback page itself: nothing to go back to. (Where a sign-in may return
    // to is the bridge's check: /authorize refuses a return_to outside the app's origins.)
    const same = await startCodeSignIn({})
    const q = page({
      url: `${STATIC}?code=c&state=${params(same.target).state}`,
      attributes: codeMode,
      session: same.session,
      token: () => ({ profile: alice }),
    })
    await q.settle()
    expect(q.navigations).toEqual([])
  })

  it('ignores a code for another state (login CSRF) and leaves the URL alone', async () => {
    const { session } = await startCodeSignIn()
    const p = page({
      url: `${STATIC}?code=attacker&state=forged`,
      attributes: codeMode,
      session,
      token: () => ({ profile: alice }),
    })
    await p.settle()
    expect(p.fetches).toEqual([])
    expect(p.replaced).toEqual([])
    expect(p.api!.user()).toBeNull()
  })

  it('stays signed out when the token endpoint refuses the code', async () => {
    const { session, target } = await startCodeSignIn()
    const els = staticElements()
    const p = page({
      url: `${STATIC}?code=c&state=${params(target).state}`,
      attributes: codeMode,
      session,
      elements: [els.signedIn, els.signedOut],
      token: () => ({ error: 'invalid_grant' }),
    })
    await p.settle()
    expect(p.api!.user()).toBeNull()
    expect(p.events).toEqual([])
    expect(els.signedIn.hidden).toBe(true)
    expect(p.errors).toEqual(['ssobridge: invalid_grant'])
  })

  it('signs out: forgets the profile, updates the page, fires ssobridge:logout, ends the bridge session', () => {
    const session = { ssobridge_static: JSON.stringify(alice) }
    const els = staticElements()
    const p = page({ url: STATIC, attributes: codeMode, session, elements: Object.values(els) })
    p.click(element({ 'data-sso-logout': '' }))
    expect(p.api!.user()).toBeNull()
    expect(els.signedIn.hidden).toBe(true)
    expect(els.signedOut.hidden).toBe(false)
    expect(els.email.textContent).toBe('')
    expect(p.events).toEqual([{ type: 'ssobridge:logout', detail: null }])
    expect(session.ssobridge_static).toBe('')
    expect(new URL(p.navigations[0]!).pathname).toBe('/logout')
  })
})

describe('sso.js silent sign-in', () => {
  const silentForm = { 'data-auto': 'silent', 'data-signed-in': 'false' }

  it('makes one prompt=none round trip per tab when the site says nobody is signed in', async () => {
    const session: Record<string, string> = {}
    const first = page({ attributes: silentForm, session })
    await first.settle()
    expect(first.navigations).toHaveLength(1)
    expect(params(first.navigations[0]!)).toMatchObject({ prompt: 'none' })
    // Back with login_required (or anything else): the same tab never tries again.
    const second = page({ attributes: silentForm, session })
    expect(second.navigations).toEqual([])
  })

  it('does nothing when the site says someone is signed in, or the tab has a profile', async () => {
    const said = page({ attributes: { ...silentForm, 'data-signed-in': 'true' }, session: {} })
    const profile = { ssobridge_shop: JSON.stringify(alice) }
    const known = page({ attributes: { 'data-auto': 'silent' }, session: profile })
    await said.settle()
    await known.settle()
    expect(said.navigations).toEqual([])
    expect(known.navigations).toEqual([])
  })

  it('never tries without working storage: it could not stop a loop', async () => {
    const p = page({ attributes: silentForm })
    await p.settle()
    expect(p.navigations).toEqual([])
    expect(p.storageTouched).toContain('sessionStorage')
    expect(p.errors).toEqual([])
  })

  it('in code mode: once without a profile, never with one, and quietly back on login_required', async () => {
    const session: Record<string, string> = {}
    const attributes = { ...codeMode, 'data-auto': 'silent' }
    const first = page({ url: STATIC, attributes, session })
    await first.settle()
    expect(first.navigations).toHaveLength(1)
    const q = params(first.navigations[0]!)
    expect(q).toMatchObject({ prompt: 'none', ...pkce })
    const back = page({
      url: `${STATIC}?error=login_required&error_description=x&state=${q.state}`,
      attributes,
      session,
    })
    await back.settle()
    expect(back.replaced).toEqual([STATIC])
    expect(back.fetches).toEqual([])
    expect(back.navigations).toEqual([])
    expect(back.errors).toEqual([])
    expect(page({ url: STATIC, attributes, session }).navigations).toEqual([])
    const signedIn = page({
      url: STATIC,
      attributes,
      session: { ssobridge_static: JSON.stringify(alice) },
    })
    await signedIn.settle()
    expect(signedIn.navigations).toEqual([])
  })
})

describe('sso.js hygiene', () => {
  it('keeps only the pending sign-in and the profile in sessionStorage, never a token', async () => {
    const session: Record<string, string> = {}
    const p = page({ attributes: { 'data-redirect-uri': 'https://shop.example/cb' }, session })
    p.api!.login()
    await p.settle()
    expect(Object.keys(session)).toEqual(['ssobridge_shop_tx'])
    p.api!.logout()
    expect(p.navigations).toHaveLength(2)
    expect(p.storageTouched).toEqual([])
  })

  it('adds nothing to the page but window.ssobridge: no global names, however it ends', async () => {
    for (const p of [page(), page({ currentScript: null }), page({ window: { ssobridge: {} } })]) {
      await p.settle()
      expect(p.leaked).toEqual([])
    }
  })

  it('ships no eval, innerHTML, localStorage or source map', () => {
    expect(code).not.toMatch(/\beval\b|new Function|innerHTML|outerHTML|localStorage|\.href\s*=/)
    expect(code).not.toContain('sourceMappingURL')
    expect(code.trim().split('\n')).toHaveLength(1)
  })
})
