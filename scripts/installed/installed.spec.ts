/**
 * The installed bridge, started from an unrelated folder, in Chromium: a password sign-in on
 * site A, SSO into site B without a password, site A hearing of its session's start and end
 * through webhooks it verifies with the installed verifyWebhook, a member who signs up
 * (confirming the address from the email the bridge sent over SMTP) and then signs in by an
 * emailed code, and every kind
 * of bridge page a visitor meets answering without a 5xx, with a Content-Security-Policy and a
 * real page in its body.
 */
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { inflateRawSync } from 'node:zlib'
import { expect, test, type APIResponse, type BrowserContext, type Page } from '@playwright/test'
import { installed } from './installed.js'
import { capturedMessages, linkIn, nextMessage } from './mailbox.js'

const env = installed()
const bridgeOrigin = new URL(env.bridgeUrl).origin

interface Seen {
  url: string
  status: number
  headers: Promise<Record<string, string>>
  /** Undefined when the browser had already dropped it (a page that navigated on at once). */
  body: Promise<string | undefined>
}

/** Every answer of the bridge that the browser got in `context`. */
function watchBridge(context: BrowserContext): Seen[] {
  const seen: Seen[] = []
  context.on('response', (response) => {
    if (new URL(response.url()).origin !== bridgeOrigin) return
    const redirect = response.status() >= 300 && response.status() < 400
    seen.push({
      url: response.url(),
      status: response.status(),
      headers: response.allHeaders(),
      body: redirect ? Promise.resolve(undefined) : response.text().catch(() => undefined),
    })
  })
  return seen
}

const isHtml = (headers: Record<string, string>) =>
  (headers['content-type'] ?? '').startsWith('text/html')

/** A page of the bridge's own, not an error text: it has a heading or a form. */
function expectRealPage(body: string, url: string): void {
  expect(body, url).toMatch(/<h1[\s>]|<form[\s>]/)
  expect(body, url).not.toMatch(/Internal Server Error|React is not defined|is not defined/)
}

/** No 5xx; every HTML page (not a redirect) with a CSP, and a real page where its body is known. */
async function expectHealthy(seen: Seen[]): Promise<void> {
  expect(seen.length).toBeGreaterThan(0)
  const problems: string[] = []
  for (const answer of seen) {
    const headers = await answer.headers
    if (answer.status >= 500) problems.push(`${answer.status} ${answer.url}`)
    const redirect = answer.status >= 300 && answer.status < 400
    if (!redirect && isHtml(headers) && !headers['content-security-policy']) {
      problems.push(`no Content-Security-Policy: ${answer.url}`)
    }
    const body = await answer.body
    if (!redirect && isHtml(headers) && body !== undefined) expectRealPage(body, answer.url)
  }
  expect(problems).toEqual([])
}

async function expectHtmlPage(response: APIResponse): Promise<string> {
  const url = response.url()
  expect(response.status(), url).toBeLessThan(500)
  expect(response.headers()['content-type'], url).toMatch(/^text\/html/)
  expect(response.headers()['content-security-policy'], url).toBeTruthy()
  const body = await response.text()
  expectRealPage(body, url)
  return body
}

/** Notes every page that rendered a password field, whichever site it was on. */
async function watchPasswordFields(page: Page): Promise<string[]> {
  const pages: string[] = []
  await page.exposeFunction('installedTestSawPasswordField', (url: string) => pages.push(url))
  await page.addInitScript(() => {
    document.addEventListener('DOMContentLoaded', () => {
      if (document.querySelector('input[type="password"]')) {
        const report = (window as unknown as Record<string, (url: string) => void>)
          .installedTestSawPasswordField
        report?.(location.href)
      }
    })
  })
  return pages
}

test('a password sign-in on site A (ESM), then site B (CommonJS) without a password', async ({
  page,
  context,
}) => {
  const seen = watchBridge(context)
  const passwordPages = await watchPasswordFields(page)

  await page.goto(env.siteAUrl)
  await expect(page.getByText('Signed in as')).toHaveCount(0)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page).toHaveURL(new RegExp(`^${env.bridgeUrl}/login`))
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible()
  await page.getByLabel('Email').fill(env.alice.email)
  await page.getByLabel('Password').fill(env.alice.password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByText(`Signed in as ${env.alice.email}`)).toBeVisible()
  expect(page.url().startsWith(env.siteAUrl)).toBe(true)
  // The bridge's login page is the one that asked (which also shows the watch works).
  expect(passwordPages.map((url) => new URL(url).origin)).toEqual([bridgeOrigin])

  await page.goto(env.siteBUrl)
  await expect(page.getByRole('heading', { name: 'Site B' })).toBeVisible()
  await expect(page.getByText('Signed in as')).toHaveCount(0)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByText(`Signed in as ${env.alice.email}`)).toBeVisible()
  expect(page.url().startsWith(env.siteBUrl)).toBe(true)
  expect(passwordPages).toHaveLength(1)

  // Each site's own session, for the same bridge user.
  const me = async (site: string) =>
    ((await (await page.request.get(`${site}/api/me`)).json()) as { user: unknown }).user
  const onA = await me(env.siteAUrl)
  expect(onA).toEqual({ sub: expect.any(String), email: env.alice.email, name: 'Alice Example' })
  expect(await me(env.siteBUrl)).toEqual(onA)

  await expectHealthy(seen)
})

/** A member of this run only: the address is new, so the bridge has never seen it. */
const member = {
  email: `member-${Date.now()}-${randomBytes(4).toString('hex')}@example.org`,
  name: 'Maya Member',
  password: randomBytes(15).toString('base64url'),
}

async function openSiteASignIn(page: Page): Promise<void> {
  await page.goto(env.siteAUrl)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page).toHaveURL(new RegExp(`^${env.bridgeUrl}/login`))
}

// Serial: the code sign-in is for the member the sign-up created.
test.describe.serial('a member of site A, over the SMTP capture', () => {
  test('signs up, confirms the email from the link and lands on site A signed in', async ({
    page,
    context,
  }) => {
    const seen = watchBridge(context)
    await openSiteASignIn(page)
    await page.getByRole('link', { name: 'Create an account' }).click()
    await page.getByLabel('Email').fill(member.email)
    await page.getByLabel('Name').fill(member.name)
    await page.getByLabel('Password').fill(member.password)
    await page.getByRole('button', { name: 'Create account' }).click()
    await expect(page.getByRole('heading', { name: 'Check your email' })).toBeVisible()
    await expect(page.getByText(`Signed in as ${member.email}`)).toHaveCount(0)

    const message = await nextMessage(
      page.request,
      env.mailboxUrl,
      member.email,
      new RegExp(`Confirm your email for ${env.siteAName}`),
    )
    await page.goto(linkIn(message, env.bridgeUrl, '/verify-email'))
    await page.getByRole('button', { name: 'Confirm my email' }).click()
    await expect(page.getByText(`Signed in as ${member.email}`)).toBeVisible()
    expect(page.url().startsWith(env.siteAUrl)).toBe(true)
    await expectHealthy(seen)
  })

  test('signs in on site A with the 6-digit code the bridge emailed', async ({ page, context }) => {
    const seen = watchBridge(context)
    await openSiteASignIn(page)
    await page.getByLabel('Email').fill(member.email)
    const before = new Set((await capturedMessages(page.request, env.mailboxUrl)).map((m) => m.id))
    await page.getByRole('button', { name: 'Email me a sign-in code' }).click()
    await expect(page.getByText('we sent a 6-digit code to')).toBeVisible()
    const message = await nextMessage(
      page.request,
      env.mailboxUrl,
      member.email,
      new RegExp(`^Your sign-in code for ${env.siteAName}: \\d{6}$`),
      before,
    )
    const code = /: (\d{6})$/.exec(message.subject)?.[1] ?? ''
    await page.getByLabel('Code').fill(code)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await expect(page.getByText(`Signed in as ${member.email}`)).toBeVisible()
    expect(page.url().startsWith(env.siteAUrl)).toBe(true)
    await expectHealthy(seen)
  })
})

interface ReceivedWebhook {
  id: string
  type: string
  sub: string
  sid?: string
  reason?: string
}

test('site A hears of its session through webhooks it verifies: started, then ended at sign-out', async ({
  page,
}) => {
  await openSiteASignIn(page)
  await page.getByLabel('Email').fill(env.alice.email)
  await page.getByLabel('Password').fill(env.alice.password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByText(`Signed in as ${env.alice.email}`)).toBeVisible()
  const getJson = async <T>(path: string) =>
    (await (await page.request.get(`${env.siteAUrl}${path}`)).json()) as T
  const { sid } = await getJson<{ sid: string | null }>('/api/session')
  const { user } = await getJson<{ user: { sub: string } }>('/api/me')
  expect(sid).toBeTruthy()
  // What site A received and verified with the installed verifyWebhook, for this session only.
  const received = async () =>
    (await getJson<{ events: ReceivedWebhook[] }>('/api/webhooks')).events
      .filter((event) => event.sid === sid)
      .map(({ type, sub, reason }) => ({ type, sub, reason }))
  await expect
    .poll(received, { timeout: 20_000 })
    .toEqual([{ type: 'session.started', sub: user.sub }])

  await page.getByRole('button', { name: 'Sign out' }).click()
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible()
  expect(page.url().startsWith(env.siteAUrl)).toBe(true)
  await expect.poll(received, { timeout: 20_000 }).toEqual([
    { type: 'session.started', sub: user.sub },
    { type: 'session.ended', sub: user.sub, reason: 'logout' },
  ])
})

test('a Discourse-style forum signs in through the discourse preset (DiscourseConnect)', async ({
  page,
  context,
}) => {
  const seen = watchBridge(context)
  await page.goto(`${env.siteAUrl}/forum/login`)
  await expect(page).toHaveURL(new RegExp(`^${env.bridgeUrl}/login`))
  await page.getByLabel('Email').fill(env.alice.email)
  await page.getByLabel('Password').fill(env.alice.password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByText(`Forum member ${env.alice.email} (alice)`)).toBeVisible()
  expect(page.url().startsWith(`${env.siteAUrl}/session/sso_login?sso=`)).toBe(true)
  await expectHealthy(seen)
})

test('the OpenID Provider sign-in page lists the SAML connection, which starts at the IdP', async ({
  page,
  context,
}) => {
  const seen = watchBridge(context)
  let samlRequest: URL | undefined
  // The IdP does not run: its sign-in page is stood in for here, so nothing leaves loopback.
  await page.route(`${env.saml.ssoUrl}**`, async (route) => {
    samlRequest = new URL(route.request().url())
    await route.fulfill({ contentType: 'text/html', body: '<h1>IdP</h1>' })
  })

  const authorize = new URL('/oidc/authorize', env.bridgeUrl)
  authorize.search = new URLSearchParams({
    client_id: env.apps.oidc,
    redirect_uri: env.oidcCallback,
    response_type: 'code',
    scope: 'openid email profile',
    state: 'state-installed-test',
    nonce: 'nonce-installed-test',
    // RFC 7636's example pair; the flow stops before the token endpoint.
    code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    code_challenge_method: 'S256',
  }).toString()
  await page.goto(authorize.href)
  await expect(page).toHaveURL(new RegExp(`^${env.bridgeUrl}/login`))
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible()
  await expect(page.getByLabel('Password')).toBeVisible()

  await page.getByRole('link', { name: `Continue with ${env.saml.name}` }).click()
  await expect(page.getByRole('heading', { name: 'IdP' })).toBeVisible()
  const deflated = samlRequest?.searchParams.get('SAMLRequest')
  expect(deflated).toBeTruthy()
  const authnRequest = inflateRawSync(Buffer.from(deflated as string, 'base64')).toString()
  expect(authnRequest).toContain('AuthnRequest')
  expect(authnRequest).toContain(`${env.bridgeUrl}/connections/${env.saml.connection}/saml/acs`)

  await expectHealthy(seen)
})

test('the admin console leads to its sign-in page', async ({ page, context }) => {
  const seen = watchBridge(context)
  const response = await page.goto(`${env.bridgeUrl}/admin`)
  expect(response?.status()).toBe(200)
  expect(new URL(page.url()).pathname).toMatch(/^\/admin\/.+/)
  await expect(page.getByRole('heading').first()).toBeVisible()
  await expect(page.locator('form')).not.toHaveCount(0)
  await expectHealthy(seen)
})

test('an unknown app gets the bridge error page, not a redirect', async ({ page, context }) => {
  const seen = watchBridge(context)
  const url = `${env.bridgeUrl}/authorize?app=unknown`
  const response = await page.goto(url)
  expect(response?.status()).toBeGreaterThanOrEqual(400)
  expect(response?.status()).toBeLessThan(500)
  expect(page.url()).toBe(url)
  await expect(page.getByRole('heading', { name: 'Sign-in problem' })).toBeVisible()
  await expectHealthy(seen)
})

test('the bridge serves sso.js, SAML SP metadata, discovery, the JWKS and health', async ({
  request,
}) => {
  const script = await request.get(`${env.bridgeUrl}/sso.js`)
  expect(script.status()).toBe(200)
  expect(script.headers()['content-type']).toMatch(/javascript/)
  // The file of the installed @ssobridge/embed, as built and packed.
  const packed = join(env.project, 'node_modules/@ssobridge/embed/dist/sso.js')
  expect((await script.text()).trim()).toBe(readFileSync(packed, 'utf8').trim())

  const metadata = await request.get(
    `${env.bridgeUrl}/connections/${env.saml.connection}/saml/metadata`,
  )
  expect(metadata.status()).toBe(200)
  expect(metadata.headers()['content-type']).toMatch(/xml/)
  const xml = await metadata.text()
  expect(xml).toContain('SPSSODescriptor')
  expect(xml).toContain(`Location="${env.bridgeUrl}/connections/${env.saml.connection}/saml/acs"`)

  const discovery = await request.get(`${env.bridgeUrl}/.well-known/openid-configuration`)
  expect(discovery.status()).toBe(200)
  expect(((await discovery.json()) as { issuer: string }).issuer).toBe(env.bridgeUrl)

  const jwks = await request.get(`${env.bridgeUrl}/.well-known/jwks.json`)
  expect(jwks.status()).toBe(200)
  const { keys } = (await jwks.json()) as { keys: { alg?: string; kid?: string }[] }
  expect(keys.some((key) => key.alg === 'ES256' && key.kid)).toBe(true)

  expect((await request.get(`${env.bridgeUrl}/healthz`)).status()).toBe(200)

  // The error page and the login page without a sign-in, fetched without a browser too.
  await expectHtmlPage(await request.get(`${env.bridgeUrl}/authorize?app=unknown`))
  await expectHtmlPage(await request.get(`${env.bridgeUrl}/login`))
})
