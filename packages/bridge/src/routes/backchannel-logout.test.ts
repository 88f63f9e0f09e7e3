import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createLocalJWKSet, decodeJwt, jwtVerify } from 'jose'
import { afterEach, describe, expect, it } from 'vitest'
import { BACKCHANNEL_LOGOUT_EVENT } from '../domain/backchannel-logout.js'
import { BACKCHANNEL_KIND } from '../domain/backchannel-outbox.js'
import { createSqliteStorage } from '../storage/sqlite.js'
import type { Storage } from '../storage/types.js'
import { deliversAfterRestart } from '../testing/backchannel-restart.js'
import {
  startBackchannelSite,
  type BackchannelSite,
  type SiteAnswer,
} from '../testing/backchannel-site.js'
import {
  authorizeUrl,
  createTestBridge,
  FORUM_CALLBACK,
  ISSUER,
  SHOP_SECRET,
  signInWithPassword,
  testConfig,
} from '../testing/bridge-fixture.js'
import { readForm } from '../testing/test-browser.js'

const SHOP_LOGOUT = 'http://127.0.0.1:4001/sso/backchannel-logout'
const FORUM_LOGOUT = 'http://127.0.0.1:4002/sso/backchannel-logout'

function config() {
  const base = testConfig()
  const [shop, forum, ...rest] = base.apps
  return {
    ...base,
    apps: [
      { ...shop, backchannelLogoutUrl: SHOP_LOGOUT },
      { ...forum, backchannelLogoutUrl: FORUM_LOGOUT },
      ...rest,
    ],
  }
}

// A logout from the bridge's own page acts without asking.
const FROM_BRIDGE = { 'Sec-Fetch-Site': 'same-origin' }

type Posted = { url: string; token: string; init: RequestInit }

/** A fetch that records what the bridge sends and answers with `answer(url, attempt)`. */
function recordingFetch(answer: (url: string, attempt: number) => Promise<Response> | Response) {
  const posted: Posted[] = []
  const fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input)
    posted.push({
      url,
      token: new URLSearchParams(String(init?.body)).get('logout_token')!,
      init: init!,
    })
    return answer(url, posted.filter((p) => p.url === url).length)
  }) as typeof globalThis.fetch
  return { posted, fetch }
}

async function signInShopThenForum(bridge: Awaited<ReturnType<typeof createTestBridge>>) {
  const browser = bridge.browser()
  const shop = readForm(await (await signInWithPassword(browser)).text()).fields.token!
  const forum = readForm(
    await (
      await browser.get(authorizeUrl({ app: 'forum', redirect_uri: FORUM_CALLBACK, state: 'f' }))
    ).text(),
  ).fields.token!
  return { browser, shop, forum }
}

describe('back-channel logout', () => {
  it('sends each app the session signed into a logout token it can verify with its own keys', async () => {
    const { posted, fetch } = recordingFetch(() => new Response(null, { status: 200 }))
    const bridge = await createTestBridge({ config: config(), backchannel: { fetch } })
    const { browser, shop, forum } = await signInShopThenForum(bridge)
    const sid = decodeJwt(shop).sid
    expect(sid).toMatch(/^[A-Za-z0-9_-]{22}$/)
    expect(decodeJwt(forum).sid).toBe(sid)

    // The site proves the logout is its own with the sid of its token.
    const out = await browser.get(
      `/logout?app=shop&sid=${sid}&return_to=http%3A%2F%2F127.0.0.1%3A4001%2F`,
    )
    expect(out.status).toBe(303)
    await bridge.services.backchannel.sender.idle()

    expect(posted.map((p) => p.url).sort()).toEqual([SHOP_LOGOUT, FORUM_LOGOUT])
    for (const p of posted) {
      expect(p.init.method).toBe('POST')
      expect(p.init.redirect).toBe('manual')
      expect(new Headers(p.init.headers).get('Content-Type')).toBe(
        'application/x-www-form-urlencoded',
      )
    }
    const shopToken = posted.find((p) => p.url === SHOP_LOGOUT)!.token
    const { payload, protectedHeader } = await jwtVerify(
      shopToken,
      new TextEncoder().encode(SHOP_SECRET),
      { issuer: ISSUER, audience: 'shop', algorithms: ['HS256'], typ: 'logout+jwt' },
    )
    expect(protectedHeader).toEqual({ alg: 'HS256', typ: 'logout+jwt' })
    expect(payload).toEqual({
      iss: ISSUER,
      aud: 'shop',
      sub: decodeJwt(shop).sub,
      sid,
      iat: expect.any(Number),
      exp: payload.iat! + 120,
      jti: expect.any(String),
      events: { [BACKCHANNEL_LOGOUT_EVENT]: {} },
    })
    const jwks = createLocalJWKSet(
      await (await bridge.app.request('/.well-known/jwks.json')).json(),
    )
    const forumToken = posted.find((p) => p.url === FORUM_LOGOUT)!.token
    const verified = await jwtVerify(forumToken, jwks, { audience: 'forum', algorithms: ['ES256'] })
    expect(verified.protectedHeader.kid).toBeTruthy()
    expect(verified.payload).not.toHaveProperty('nonce')

    // The session is gone, and a second logout has nobody left to tell.
    expect(
      readForm(await (await browser.get(authorizeUrl({ prompt: 'none' }))).text()).fields.error,
    ).toBe('login_required')
    await browser.get('/logout', FROM_BRIDGE)
    await bridge.services.backchannel.sender.idle()
    expect(posted).toHaveLength(2)
  })

  it('tells only the apps this session signed into', async () => {
    const { posted, fetch } = recordingFetch(() => new Response(null, { status: 204 }))
    const bridge = await createTestBridge({ config: config(), backchannel: { fetch } })
    const browser = bridge.browser()
    await signInWithPassword(browser)
    // Another browser signs into forum: not this session's business.
    await signInShopThenForum(bridge)
    await browser.get('/logout', FROM_BRIDGE)
    await bridge.services.backchannel.sender.idle()
    expect(posted.map((p) => p.url)).toEqual([SHOP_LOGOUT])
  })

  it('does not make the user wait for a slow site, and gives up after bounded retries', async () => {
    const { posted, fetch } = recordingFetch(
      (_url, _attempt) =>
        new Promise<Response>(() => {
          // never answers: only the timeout ends the attempt
        }),
    )
    const slowFetch = (async (input: string | URL | Request, init?: RequestInit) => {
      const answer = fetch(input, init)
      return Promise.race([
        answer,
        new Promise<Response>((_, fail) =>
          init?.signal?.addEventListener('abort', () => fail(init.signal!.reason)),
        ),
      ])
    }) as typeof globalThis.fetch
    const bridge = await createTestBridge({
      config: config(),
      backchannel: { fetch: slowFetch, timeoutMs: 50, retryDelaysMs: [10, 10] },
    })
    const { browser } = await signInShopThenForum(bridge)
    const started = Date.now()
    const out = await browser.get('/logout', FROM_BRIDGE)
    expect(out.status).toBe(200)
    expect(Date.now() - started).toBeLessThan(40)
    await bridge.services.backchannel.sender.idle()
    // Three attempts per site: the first and two retries.
    expect(posted.filter((p) => p.url === SHOP_LOGOUT)).toHaveLength(3)
    expect(posted.filter((p) => p.url === FORUM_LOGOUT)).toHaveLength(3)
  })

  it('retries a 5xx until it is accepted, and does not retry a refusal', async () => {
    const { posted, fetch } = recordingFetch((url, attempt) =>
      url === SHOP_LOGOUT
        ? new Response(null, { status: attempt < 2 ? 503 : 200 })
        : new Response(null, { status: 400 }),
    )
    const bridge = await createTestBridge({
      config: config(),
      backchannel: { fetch, retryDelaysMs: [5, 5, 5] },
    })
    const { browser } = await signInShopThenForum(bridge)
    await browser.get('/logout', FROM_BRIDGE)
    await bridge.services.backchannel.sender.idle()
    expect(posted.filter((p) => p.url === SHOP_LOGOUT)).toHaveLength(2)
    expect(posted.filter((p) => p.url === FORUM_LOGOUT)).toHaveLength(1)
  })

  it('still reaches the apps of a session replaced by a new sign-in of the same user', async () => {
    const { posted, fetch } = recordingFetch(() => new Response(null, { status: 200 }))
    const bridge = await createTestBridge({ config: config(), backchannel: { fetch } })
    const { browser } = await signInShopThenForum(bridge)
    // prompt=login: a password again, a new session; shop's and forum's sign-ins carry over.
    await signInWithPassword(browser, { prompt: 'login' })
    await browser.get('/logout', FROM_BRIDGE)
    await bridge.services.backchannel.sender.idle()
    expect(posted.map((p) => p.url).sort()).toEqual([SHOP_LOGOUT, FORUM_LOGOUT])
  })

  it('gives every token of the session its sid, with or without a back-channel URL', async () => {
    const bridge = await createTestBridge()
    const browser = bridge.browser()
    const token = readForm(await (await signInWithPassword(browser)).text()).fields.token!
    const [session] = await bridge.storage.list('session')
    expect(decodeJwt(token).sid).toBe(session!.value.sid)
  })
})

describe('back-channel logout to real sites, from the outbox', () => {
  const sites: BackchannelSite[] = []
  afterEach(async () => {
    await Promise.all(sites.splice(0).map((site) => site.close()))
  })

  async function bridgeFor(answers: { shop?: SiteAnswer; forum?: SiteAnswer }, storage?: Storage) {
    const base = testConfig()
    const [shop, forum, ...rest] = base.apps
    const withSite = async (app: typeof shop, answer?: SiteAnswer) => {
      if (!answer) return app
      const site = await startBackchannelSite(answer)
      sites.push(site)
      return { ...app, backchannelLogoutUrl: site.url, dangerouslyAllowPrivateNetwork: true }
    }
    const apps = [await withSite(shop, answers.shop), await withSite(forum, answers.forum)]
    const bridge = await createTestBridge({
      storage,
      config: { ...base, apps: [...apps, ...rest] },
      backchannel: { timeoutMs: 2000, retryDelaysMs: [50, 50] },
    })
    return { bridge, sites: [...sites] }
  }

  it('delivers each logout once, and records it for the admin', async () => {
    const {
      bridge,
      sites: [shop, forum],
    } = await bridgeFor({ shop: () => 200, forum: () => 204 })
    const { browser } = await signInShopThenForum(bridge)
    await browser.get('/logout', FROM_BRIDGE)
    await bridge.services.backchannel.sender.idle()
    await browser.get('/logout', FROM_BRIDGE)
    await bridge.services.backchannel.sender.idle()
    expect(shop!.received).toHaveLength(1)
    expect(forum!.received).toHaveLength(1)
    expect(shop!.received[0]!.claims.sid).toBe(forum!.received[0]!.claims.sid)
    const entries = await bridge.storage.outbox.list({
      kind: BACKCHANNEL_KIND,
      owner: 'forum',
      limit: 5,
    })
    expect(entries).toEqual([expect.objectContaining({ state: 'delivered', lastStatus: 204 })])
  })

  it('gets a logout to a site answering 500, on retry', async () => {
    const {
      bridge,
      sites: [shop],
    } = await bridgeFor({ shop: (n) => (n === 1 ? 500 : 200) })
    const browser = bridge.browser()
    await signInWithPassword(browser)
    await browser.get('/logout', FROM_BRIDGE)
    await bridge.services.backchannel.sender.idle()
    expect(shop!.received).toHaveLength(2)
    expect(shop!.received[1]!.claims.jti).toBe(shop!.received[0]!.claims.jti)
  })

  it('does not let a site that times out delay another site’s logout', async () => {
    const {
      bridge,
      sites: [shop, forum],
    } = await bridgeFor({ shop: () => 'hang', forum: () => 200 })
    const { browser } = await signInShopThenForum(bridge)
    const started = Date.now()
    await browser.get('/logout', FROM_BRIDGE)
    await expect.poll(() => forum!.received.length, { timeout: 1500, interval: 10 }).toBe(1)
    expect(forum!.received[0]!.at - started).toBeLessThan(1000)
    expect(shop!.received).toHaveLength(1)
    await bridge.services.backchannel.sender.stop()
  })

  it('delivers a logout to a site that was down, from a new bridge on the same SQLite file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ssobridge-backchannel-'))
    const filename = join(dir, 'bridge.db')
    try {
      await deliversAfterRestart(async () => {
        const storage = await createSqliteStorage({ filename })
        await storage.migrate()
        return storage
      })
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
