import { decodeJwt } from 'jose'
import { beforeEach, describe, expect, it } from 'vitest'
import { listAudit } from '../domain/audit-log.js'
import {
  authorizeUrl,
  createTestBridge,
  FORUM_CALLBACK,
  signInWithPassword,
  testConfig,
} from '../testing/bridge-fixture.js'
import { captureLogs } from '../testing/log-capture.js'
import { readForm, type TestBrowser } from '../testing/test-browser.js'

const PAGE = '/account/sessions'
const SHOP_LOGOUT = 'http://127.0.0.1:4001/sso/backchannel-logout'
const CHROME_MAC = {
  'User-Agent':
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
}

function config() {
  const base = testConfig()
  const [shop, ...rest] = base.apps
  return { ...base, apps: [{ ...shop, backchannelLogoutUrl: SHOP_LOGOUT }, ...rest] }
}

let bridge: Awaited<ReturnType<typeof createTestBridge>>
let posted: string[]
beforeEach(async () => {
  // Each bridge its own list: a bridge of an earlier test may still be delivering.
  const mine: string[] = (posted = [])
  const fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    mine.push(`${String(input)} ${new URLSearchParams(String(init?.body)).has('logout_token')}`)
    return new Response(null, { status: 200 })
  }) as typeof globalThis.fetch
  bridge = await createTestBridge({
    config: config(),
    backchannel: { fetch },
    logger: captureLogs().logger,
  })
})

/** Signs in to the shop, then the forum (one session); returns the session's sid. */
async function signInBoth(browser: TestBrowser) {
  const shop = readForm(await (await signInWithPassword(browser)).text()).fields.token!
  await browser.get(authorizeUrl({ app: 'forum', redirect_uri: FORUM_CALLBACK, state: 'f' }))
  return decodeJwt(shop).sid as string
}

const csrfOf = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)![1]!

describe('the account page of sessions', () => {
  it('asks to sign in first', async () => {
    const page = await bridge.browser().get(PAGE)
    expect(page.status).toBe(401)
    expect(await page.text()).toContain('Not signed in')
  })

  it('lists the sessions with device, times and apps, this one marked, in every language', async () => {
    const browser = bridge.browser()
    await signInBoth(browser)
    const other = bridge.browser()
    await signInWithPassword(other)
    const page = await browser.get(PAGE, CHROME_MAC)
    expect(page.status).toBe(200)
    const html = await page.text()
    expect([...html.matchAll(/<li data-sid=/g)]).toHaveLength(2)
    expect(html).toContain('Sites: Forum, Shop')
    expect(html).toContain('Sites: Shop')
    expect(html).toContain('this device')
    expect(html).toContain('Unknown device')
    expect(html).toContain('href="/account/passkeys"')
    expect(html).toContain('aria-current="page"')
    const de = await (await browser.get(PAGE, { 'Accept-Language': 'de' })).text()
    expect(de).toContain('Ihre Sitzungen')
    expect(de).toContain('dieses Gerät')
  })

  it('ends another session: its sites hear by back-channel logout, and the audit says who', async () => {
    const phone = bridge.browser()
    const sid = await signInBoth(phone)
    const laptop = bridge.browser()
    await signInWithPassword(laptop)
    const html = await (await laptop.get(PAGE)).text()
    const ended = await laptop.post(`${PAGE}/end`, { csrf: csrfOf(html), sid })
    expect(ended.status).toBe(303)
    expect(ended.headers.get('Location')).toBe(`${PAGE}?done=ended`)
    expect(await (await laptop.get(`${PAGE}?done=ended`)).text()).toContain('The session has ended')
    await bridge.services.backchannel.sender.idle()
    expect(posted).toEqual([`${SHOP_LOGOUT} true`])
    // The phone is signed out; the laptop is not.
    expect((await phone.get(PAGE)).status).toBe(401)
    expect((await laptop.get(PAGE)).status).toBe(200)
    const { entries } = await listAudit(bridge.storage, { event: 'session.ended' })
    const alice = (await bridge.storage.list('user'))[0]!.key
    expect(entries).toEqual([
      expect.objectContaining({
        actor: expect.objectContaining({ type: 'user', id: alice }),
        user: alice,
        target: { type: 'session', id: sid },
        after: { reason: 'user', current: false },
      }),
    ])
  })

  it('ends every other session, then all of them with this one', async () => {
    const a = bridge.browser()
    const b = bridge.browser()
    const c = bridge.browser()
    for (const browser of [a, b, c]) await signInWithPassword(browser)
    const others = await a.post(`${PAGE}/end-others`, {
      csrf: csrfOf(await (await a.get(PAGE)).text()),
    })
    expect(others.headers.get('Location')).toBe(`${PAGE}?done=others`)
    expect((await b.get(PAGE)).status).toBe(401)
    expect((await c.get(PAGE)).status).toBe(401)
    const html = await (await a.get(PAGE)).text()
    expect([...html.matchAll(/<li data-sid=/g)]).toHaveLength(1)
    expect(html).not.toContain('End every other session')

    await signInWithPassword(b)
    const all = await a.post(`${PAGE}/end-all`, { csrf: csrfOf(await (await a.get(PAGE)).text()) })
    expect(all.status).toBe(200)
    expect(await all.text()).toContain('Signed out everywhere')
    expect((await a.get(PAGE)).status).toBe(401)
    expect((await b.get(PAGE)).status).toBe(401)
    expect(await bridge.storage.list('session')).toEqual([])
  })

  it('ends its own session through the list, which signs this browser out', async () => {
    const browser = bridge.browser()
    const sid = await signInBoth(browser)
    const csrf = csrfOf(await (await browser.get(PAGE)).text())
    const ended = await browser.post(`${PAGE}/end`, { csrf, sid })
    expect(ended.status).toBe(200)
    expect(await ended.text()).toContain('Signed out')
    expect((await browser.get(PAGE)).status).toBe(401)
    await bridge.services.backchannel.sender.idle()
    expect(posted).toEqual([`${SHOP_LOGOUT} true`])
  })
})
