/**
 * Every preset end to end over HTTP: the platform's fake starts the sign-in as the platform does
 * (or the visitor starts at the bridge), Alice signs in, and the delivery the bridge answers with
 * goes to the fake, which runs its platform's checks and accepts. The browser-driven cases and
 * the refusals are in e2e/platform-presets.spec.ts.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { activePublicKeyPem } from '../keys/public-key-pem.js'
import { platformNames, type PlatformName } from '../platforms/checks/index.js'
import { ALICE, createTestBridge, ISSUER, testConfig } from '../testing/bridge-fixture.js'
import { destination } from '../testing/integration-fixture.js'
import type { PlatformFake } from '../testing/platform-fakes/index.js'
import { presetApp, startPresetFake } from '../testing/preset-apps.js'
import { readForm, type TestBrowser } from '../testing/test-browser.js'

const fakes: PlatformFake[] = []
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.close()))
})

/** Where each platform sends the visitor back to, if it sends one. */
const targets: Partial<Record<PlatformName, string>> = {
  thinkific: '/courses/intro',
  zendesk: '/hc/en-us',
  canny: '/board/ideas',
  featurebase: '/roadmap',
  gitbook: '/guides/start?tab=1',
  mintlify: '/api-reference',
  readme: '/docs/intro',
  helpscout: '/article/42-hello',
}

const NAMELESS = { email: 'cher@example.com', password: 'a password of her own' }
const ONE_WORD = { email: 'prince@example.com', password: 'purple rain forever' }

async function setUp(platform: PlatformName) {
  let rsaPem = ''
  const fake = await startPresetFake(platform, `${ISSUER}/authorize?app=platform`, {
    ...(platform === 'freshworks' ? { key: () => rsaPem } : {}),
  })
  fakes.push(fake)
  const base = testConfig()
  const bridge = await createTestBridge({
    config: {
      ...base,
      apps: [...base.apps, presetApp(fake, 'platform')],
      users: [
        ...base.users,
        { ...NAMELESS, connection: 'staff' },
        { ...ONE_WORD, name: 'Prince', connection: 'staff' },
      ],
    },
  })
  rsaPem = await activePublicKeyPem(bridge.services.keystore, 'RS256')
  return { fake, bridge }
}

/** The visitor signs in at the bridge and is sent on: what the browser then requests of the platform. */
async function signIn(browser: TestBrowser, start: string, who: typeof ALICE = ALICE) {
  const authorize = await browser.get(start)
  expect(authorize.status).toBe(302)
  const login = await browser.get(authorize.headers.get('Location') as string)
  const form = readForm(await login.text())
  const done = await browser.post('/login', { ...form.fields, ...who, action: 'sign-in' })
  const html = done.headers.get('Location') ? '' : await done.clone().text()
  if (html.includes('method="post"')) {
    const post = readForm(html)
    return { method: 'POST' as const, url: post.action, form: post.fields }
  }
  return { method: 'GET' as const, url: (await destination(done)).href }
}

async function deliver(fake: PlatformFake, request: Awaited<ReturnType<typeof signIn>>) {
  if (request.method === 'POST') {
    return fetch(request.url, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(request.form).toString(),
    })
  }
  // A fragment stays in the browser: Mintlify's page script hands it over (as the fake's page does).
  const url = new URL(request.url)
  const href = url.hash
    ? `${fake.origin}/__fake/fragment?href=${encodeURIComponent(url.href)}`
    : url.href
  return fetch(href, { redirect: 'manual' })
}

describe('presets: each platform accepts what the bridge sends', () => {
  it.each(platformNames)('%s', async (platform) => {
    const { fake, bridge } = await setUp(platform)
    const browser = bridge.browser()
    const start =
      platform === 'bigcommerce' || platform === 'shopify'
        ? `/authorize?app=platform&return_to=${encodeURIComponent(fake.origin + '/cart')}`
        : fake.start(targets[platform])
    const request = await signIn(browser, start)
    expect(new URL(request.url).origin).toBe(fake.origin)
    const answer = await deliver(fake, request)
    expect(fake.refused.map((r) => r.failed)).toEqual([])
    expect(fake.accepted).toHaveLength(1)
    expect(answer.status).toBe(302)
    const claims = fake.accepted[0]!.claims
    if (platform === 'bigcommerce') {
      // BigCommerce knows the customer by its own id: the one the store gave Alice.
      const customer = fake.customers?.customers.find((c) => c.email === ALICE.email)
      expect(claims.customer_id).toBe(customer?.id)
    } else if (platform === 'mintlify') {
      expect(claims.expiresAt).toBeGreaterThan(Date.now() / 1000 + 3600)
    } else {
      expect(JSON.stringify(claims)).toContain(ALICE.email)
    }
  })
})

describe('presets: names', () => {
  it.each([
    [NAMELESS, 'cher', 'cher'],
    [ONE_WORD, 'Prince', 'Prince'],
  ])('Thinkific never gets a token without last_name (%j)', async (who, firstName, lastName) => {
    const { fake, bridge } = await setUp('thinkific')
    const request = await signIn(bridge.browser(), fake.start('/courses'), who)
    await deliver(fake, request)
    expect(fake.refused.map((r) => r.failed)).toEqual([])
    expect(fake.accepted[0]?.claims).toMatchObject({
      first_name: firstName,
      last_name: lastName,
      email: who.email,
    })
  })
})

describe('presets: errors', () => {
  async function cancelAt(platform: PlatformName) {
    const { fake, bridge } = await setUp(platform)
    const browser = bridge.browser()
    const start =
      platform === 'bigcommerce' ? '/authorize?app=platform' : fake.start(targets[platform])
    const authorize = await browser.get(start)
    const login = await browser.get(authorize.headers.get('Location') as string)
    const form = readForm(await login.text())
    return browser.post('/login', { ...form.fields, action: 'cancel' })
  }

  it.each(['discourse', 'bigcommerce', 'mintlify'] as const)(
    '%s has no way to hear of an error: a cancelled sign-in ends on the bridge page',
    async (platform) => {
      const response = await cancelAt(platform)
      expect(response.status).toBe(403)
      expect(response.headers.get('Location')).toBeNull()
      const html = await response.text()
      expect(html).toContain('access_denied')
      expect(html).not.toContain('sso=')
    },
  )

  it('a platform that asked OAuth-style hears of it at its redirect_uri (Freshworks: error, state)', async () => {
    const response = await cancelAt('freshworks')
    const url = await destination(response)
    expect(url.searchParams.get('error')).toBe('access_denied')
    expect(url.searchParams.get('state')).not.toBeNull()
  })
})
