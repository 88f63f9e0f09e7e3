import { expect, test, type Page } from '@playwright/test'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { demo, demoDataDir } from './demo.js'

/** Counts the browser's trips to the bridge's /authorize. */
function countAuthorize(page: Page) {
  const seen: string[] = []
  page.on('request', (request) => {
    if (request.url().startsWith(`${demo.bridge}/authorize`)) seen.push(request.url())
  })
  return seen
}

async function signInWithPassword(page: Page) {
  await expect(page).toHaveURL(new RegExp(`^${demo.bridge}/login`))
  await page.getByLabel('Email').fill(demo.alice.email)
  await page.getByLabel('Password').fill(demo.alice.password)
  await page.getByRole('button', { name: 'Sign in' }).click()
}

test('the static page signs in with a code, shows the members block, and signs out', async ({
  page,
}) => {
  const trips = countAuthorize(page)
  const tokenCalls: string[] = []
  page.on('response', (response) => {
    if (response.url() === `${demo.bridge}/token`) tokenCalls.push(String(response.status()))
  })
  const members = page.getByRole('heading', { name: "Members' corner" })

  // First visit: one quiet prompt=none round trip (nobody is signed in), back to a clean URL.
  await page.goto(demo.gazette)
  await expect(page).toHaveURL(`${demo.gazette}/`)
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible()
  await expect(members).toBeHidden()
  expect(trips).toHaveLength(1)
  expect(new URL(trips[0]!).searchParams.get('prompt')).toBe('none')

  await page.getByRole('button', { name: 'Sign in' }).click()
  await signInWithPassword(page)
  await expect(members).toBeVisible()
  await expect(page.getByText(demo.alice.email)).toBeVisible()
  await expect(page.locator('[data-sso-user="name"]')).toHaveText('Alice Example')
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeHidden()
  // The code is gone from the URL, and the page kept a profile, never a token.
  await expect(page).toHaveURL(`${demo.gazette}/`)
  expect(tokenCalls).toEqual(['200'])
  const kept = await page.evaluate(() => ({
    session: JSON.stringify(sessionStorage),
    local: localStorage.length,
    cookies: document.cookie,
    user: (window as unknown as { ssobridge: { user(): unknown } }).ssobridge.user(),
  }))
  expect(kept.session).toContain(demo.alice.email)
  expect(kept.session).not.toMatch(/eyJ[\w-]+\.[\w-]+\./)
  expect(kept.local).toBe(0)
  expect(kept.cookies).toBe('')
  expect(kept.user).toMatchObject({ email: demo.alice.email, name: 'Alice Example' })

  // Another load of the page in this tab: signed in from the tab's profile, no round trip.
  await page.reload()
  await expect(members).toBeVisible()
  expect(trips).toHaveLength(2)

  await page.getByRole('link', { name: 'Sign out' }).click()
  await expect(page).toHaveURL(`${demo.gazette}/`)
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible()
  await expect(members).toBeHidden()
  // The bridge session ended too: shop asks for a password again.
  await page.goto(demo.shop)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page).toHaveURL(new RegExp(`^${demo.bridge}/login`))
})

test('data-* values with javascript: or markup never reach an href or the HTML', async ({
  page,
}) => {
  const dialogs: string[] = []
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message())
    void dialog.dismiss()
  })
  const navigations: string[] = []
  page.on('request', (request) => {
    if (request.isNavigationRequest()) navigations.push(request.url())
  })
  // A page of the static site with hostile attribute values, published next to the others.
  writeFileSync(
    join(demoDataDir, 'gazette', 'hostile.html'),
    `<!doctype html><title>hostile</title>
        <script src="${demo.bridge}/sso.js" data-app="gazette"
          data-redirect-uri="javascript:alert(1)" data-connection="&lt;img src=x onerror=alert(2)&gt;" defer></script>
        <p data-sso-user="&lt;img src=x onerror=alert(3)&gt;">placeholder</p>
        <p id="name" data-sso-user="name"></p>
        <p id="shown" data-sso-show="javascript:alert(4)">always</p>
        <button data-sso-login="javascript:alert(5)">Sign in</button>`,
  )
  // A profile in the tab whose name is markup: it must come out as text.
  await page.goto(`${demo.gazette}/`)
  // Its one silent round trip is over once the clean page shows "Sign in".
  await expect(page).toHaveURL(`${demo.gazette}/`)
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible()
  await page.evaluate(() => {
    sessionStorage.setItem(
      'ssobridge_gazette',
      JSON.stringify({ email: 'x@example.com', name: '<img src=x onerror=alert(6)>' }),
    )
  })
  await page.goto(`${demo.gazette}/hostile.html`)
  await expect(page.locator('#name')).toHaveText('<img src=x onerror=alert(6)>')
  await expect(page.getByText('placeholder')).toBeVisible()
  await expect(page.locator('#shown')).toBeVisible()
  expect(await page.locator('img').count()).toBe(0)
  expect(await page.locator('[href^="javascript:" i]').count()).toBe(0)

  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page).toHaveURL(new RegExp(`^${demo.bridge}/`))
  const authorize = new URL(navigations.find((url) => url.includes('/authorize'))!)
  expect(authorize.searchParams.has('redirect_uri')).toBe(false)
  expect(authorize.searchParams.has('connection')).toBe(false)
  expect(dialogs).toEqual([])
})
