import { expect, test, type Page } from '@playwright/test'
import { demo, siteRows } from './demo.js'

async function signInOnShop(page: Page) {
  await page.goto(demo.shop)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page).toHaveURL(new RegExp(`^${demo.bridge}/login`))
  await page.getByLabel('Email').fill(demo.alice.email)
  await page.getByLabel('Password').fill(demo.alice.password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByText(`Signed in as ${demo.alice.email}`)).toBeVisible()
  expect(page.url().startsWith(demo.shop)).toBe(true)
}

/** Captures the form the bridge posts to a site's callback, and lets it through. */
async function captureCallbackPost(page: Page, site: string) {
  let body: string | undefined
  await page.route(`${site}/sso/callback`, async (route) => {
    body = route.request().postData() ?? undefined
    await route.continue()
  })
  return () => new URLSearchParams(body)
}

test.describe.serial('one sign-in, two independent sites', () => {
  test('signs in on shop with a password, then on forum without one', async ({ page }) => {
    await signInOnShop(page)
    const aliceIn = (site: 'shop' | 'forum') =>
      siteRows(site).users.filter((u) => u.email === demo.alice.email)
    const inShop = aliceIn('shop')
    expect(inShop).toEqual([
      { sub: expect.any(String), email: demo.alice.email, name: 'Alice Example' },
    ])
    // …and shop's own session for that row.
    const me = await page.request.get(`${demo.shop}/api/me`)
    expect(await me.json()).toEqual({ user: inShop[0] })

    await page.goto(demo.forum)
    await expect(page.getByText('Signed in as')).toHaveCount(0)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await expect(page.getByText(`Signed in as ${demo.alice.email}`)).toBeVisible()
    expect(page.url().startsWith(demo.forum)).toBe(true)
    // Forum's own row, from the same bridge user.
    expect(aliceIn('forum')).toEqual(inShop)
    expect(await (await page.request.get(`${demo.forum}/api/me`)).json()).toEqual({
      user: inShop[0],
    })
  })
})

test('a token replayed to the callback is refused', async ({ page, context }) => {
  const posted = await captureCallbackPost(page, demo.shop)
  await signInOnShop(page)
  const form = posted()
  expect(form.get('token')).toBeTruthy()
  const before = siteRows('shop')

  // Replay with the state cookie the first delivery consumed, so only the jti check is left.
  const replay = await context.request.post(`${demo.shop}/sso/callback`, {
    form: Object.fromEntries(form),
    headers: { Cookie: `ssobridge_state_shop=${form.get('state')}` },
    maxRedirects: 0,
  })
  expect(replay.status()).toBe(400)
  expect(await replay.text()).toContain('token_replayed')
  expect(siteRows('shop')).toEqual(before)
})

test('a tampered token is refused and creates no session', async ({ page, context }) => {
  const posted = await captureCallbackPost(page, demo.shop)
  await signInOnShop(page)
  const form = posted()
  const [header, payload, signature] = (form.get('token') as string).split('.')
  const claims = JSON.parse(Buffer.from(payload as string, 'base64url').toString())
  const forged = Buffer.from(
    JSON.stringify({ ...claims, sub: 'someone-else', email: 'mallory@example.com' }),
  )
  const before = siteRows('shop')

  const fresh = await context.browser()!.newContext()
  const response = await fresh.request.post(`${demo.shop}/sso/callback`, {
    form: {
      token: `${header}.${forged.toString('base64url')}.${signature}`,
      state: form.get('state')!,
    },
    headers: { Cookie: `ssobridge_state_shop=${form.get('state')}` },
    maxRedirects: 0,
  })
  expect(response.status()).toBe(400)
  expect(await response.text()).toContain('signature_invalid')
  expect(response.headers()['set-cookie'] ?? '').not.toContain('shop_session=')
  expect(siteRows('shop')).toEqual(before)
  await fresh.close()
})

test('an unregistered redirect_uri stops on the bridge error page', async ({ page }) => {
  const url = new URL('/authorize', demo.bridge)
  url.search = new URLSearchParams({
    app: 'shop',
    state: 'x',
    redirect_uri: 'https://evil.example/sso/callback',
  }).toString()
  const response = await page.goto(url.href)
  expect(response?.status()).toBe(400)
  expect(page.url()).toBe(url.href)
  await expect(page.getByRole('heading', { name: 'Sign-in problem' })).toBeVisible()
  await expect(page.getByText('invalid_redirect_uri')).toBeVisible()
})

test('after signing out, prompt=none comes back as login_required', async ({ page }) => {
  await signInOnShop(page)
  await page.getByRole('button', { name: 'Sign out' }).click()
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible()
  expect(page.url().startsWith(demo.shop)).toBe(true)

  await page.evaluate(() =>
    (window as unknown as { ssobridge: { login(o: object): void } }).ssobridge.login({
      prompt: 'none',
    }),
  )
  await expect(page).toHaveURL(/[?&]error=login_required/)
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible()
  const me = await page.request.get(`${demo.shop}/api/me`)
  expect(await me.json()).toEqual({ user: null })
})
