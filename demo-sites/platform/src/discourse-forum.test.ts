import { createHmac } from 'node:crypto'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { startCommunity } from './index.js'

const secret = 'community-connect-secret-0123456789'
const bridgeUrl = 'http://localhost:4000'
let forum: Awaited<ReturnType<typeof startCommunity>>

beforeAll(async () => {
  forum = await startCommunity({ port: 0, bridgeUrl, secret })
})
afterAll(() => forum.close())
afterEach(() => vi.useRealTimers())

const get = (path: string, cookie?: string) =>
  fetch(`${forum.url}${path}`, { redirect: 'manual', headers: cookie ? { cookie } : {} })
const cookieOf = (response: Response, name: string) =>
  response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith(`${name}=`))

/** Clicks "Log in" as a browser with this cookie (or a new one), reads what goes to the bridge. */
async function logIn(browser?: string) {
  const response = await get('/session/sso', browser)
  expect(response.status).toBe(302)
  const target = new URL(response.headers.get('location')!)
  const sso = target.searchParams.get('sso')!
  const sig = target.searchParams.get('sig')!
  const payload = new URLSearchParams(Buffer.from(sso, 'base64').toString('utf8'))
  return {
    target,
    sso,
    sig,
    payload,
    nonce: payload.get('nonce')!,
    browser: browser ?? cookieOf(response, 'community_browser')!,
  }
}

/** The identity provider's reply, built as DiscourseConnect's docs build it. */
function reply(fields: Record<string, string>, key = secret) {
  const sso = Buffer.from(new URLSearchParams(fields).toString()).toString('base64')
  const sig = createHmac('sha256', key).update(sso).digest('hex')
  return `/session/sso_login?sso=${encodeURIComponent(sso)}&sig=${sig}`
}

const alice = (nonce: string, extra: Record<string, string> = {}) => ({
  nonce,
  external_id: 'u-1',
  email: 'alice@example.com',
  username: 'alice',
  name: 'Alice Example',
  require_activation: 'false',
  ...extra,
})

const textOf = (page: string) => page.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ')

async function refusal(response: Response) {
  expect(response.status).toBe(422)
  expect(cookieOf(response, 'community_session')).toBeUndefined()
  return /Reason: <code>([a-z_]+)<\/code>/.exec(await response.text())?.[1]
}

describe('Community, a Discourse-style forum with DiscourseConnect', () => {
  it('sends "Log in" to the bridge with a signed nonce and its own return_sso_url', async () => {
    const { target, sso, sig, payload, browser } = await logIn()
    expect(target.origin + target.pathname).toBe(`${bridgeUrl}/authorize`)
    expect(target.searchParams.get('app')).toBe('community')
    expect(sig).toBe(createHmac('sha256', secret).update(sso).digest('hex'))
    expect(sso).toMatch(/^[A-Za-z0-9+/=]+$/)
    expect(payload.get('nonce')).toMatch(/^[0-9a-f]{32}$/)
    expect(payload.get('return_sso_url')).toBe(`${forum.url}/session/sso_login`)
    expect(browser).toMatch(/^community_browser=/)
  })

  it('signs the member in from a good reply and shows who and what came', async () => {
    const { nonce, browser } = await logIn()
    const response = await get(
      reply(alice(nonce, { avatar_url: 'https://a.example/x.png' })),
      browser,
    )
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe('/')
    const session = cookieOf(response, 'community_session')!
    const home = textOf(await (await get('/', session)).text())
    expect(home).toContain('Signed in as Alice Example (alice@example.com)')
    expect(home).toContain('avatar_url https://a.example/x.png')
    const me = await (await get('/api/me', session)).json()
    expect(me.member).toMatchObject({ externalId: 'u-1', email: 'alice@example.com' })
  })

  it('refuses a reply whose sig is not the HMAC of sso under its secret', async () => {
    const { nonce, browser } = await logIn()
    expect(
      await refusal(await get(reply(alice(nonce), 'another-secret-0123456789'), browser)),
    ).toBe('bad_signature')
  })

  it('refuses a reply in URL-safe base64, as Discourse does', async () => {
    const { nonce, browser } = await logIn()
    // Escaped query strings only ever encode to base64 without "+" or "/"; three raw "?" (0x3F)
    // put one on a 6-bit boundary, so the URL-safe form has a "_" where standard base64 has "/".
    const text = `${new URLSearchParams(alice(nonce)).toString()}&bio=???`
    const sso = Buffer.from(text).toString('base64url')
    expect(sso).toMatch(/[-_]/)
    const sig = createHmac('sha256', secret).update(sso).digest('hex')
    const response = await get(`/session/sso_login?sso=${sso}&sig=${sig}`, browser)
    expect(await refusal(response)).toBe('malformed_payload')
  })

  it('refuses a nonce used once already', async () => {
    const { nonce, browser } = await logIn()
    const url = reply(alice(nonce))
    expect((await get(url, browser)).status).toBe(302)
    expect(await refusal(await get(url, browser))).toBe('nonce_used')
  })

  it('refuses a nonce issued to another browser, and leaves it to its own', async () => {
    const mine = await logIn()
    const other = await logIn()
    expect(await refusal(await get(reply(alice(mine.nonce)), other.browser))).toBe(
      'nonce_other_browser',
    )
    expect(await refusal(await get(reply(alice(mine.nonce))))).toBe('nonce_other_browser')
    expect((await get(reply(alice(mine.nonce)), mine.browser)).status).toBe(302)
  })

  it('refuses a nonce it never issued', async () => {
    const { browser } = await logIn()
    expect(await refusal(await get(reply(alice('f'.repeat(32))), browser))).toBe('unknown_nonce')
  })

  it('refuses a nonce older than 10 minutes', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    const { nonce, browser } = await logIn()
    vi.setSystemTime(Date.now() + 10 * 60 * 1000 + 1000)
    expect(await refusal(await get(reply(alice(nonce)), browser))).toBe('nonce_expired')
  })

  it.each([
    ['no external_id', { external_id: undefined }, 'missing_external_id'],
    ['a placeholder external_id', { external_id: 'none' }, 'missing_external_id'],
    ['no email', { email: undefined }, 'missing_email'],
  ])('refuses a reply with %s', async (_name, change, reason) => {
    const { nonce, browser } = await logIn()
    const fields = Object.fromEntries(
      Object.entries({ ...alice(nonce), ...change }).filter(([, v]) => v !== undefined),
    ) as Record<string, string>
    expect(await refusal(await get(reply(fields), browser))).toBe(reason)
  })
})
