/**
 * Issue 17, accessibility of the visitor pages: axe finds no WCAG 2.1 AA violation on any page a
 * visitor of the bridge sees (light and dark colour scheme), and no page scrolls sideways at
 * 320 px wide or with the text at 200 %. The pages are reached through the demo, the way a visitor
 * reaches them, in their error states too. The form_post page is left out: it leaves at once.
 */
import { AxeBuilder } from '@axe-core/playwright'
import { expect, test, type Browser, type Page } from '@playwright/test'
import { generate } from 'otplib'
import { demo } from './demo.js'
import { linkIn, nextMessage, seen } from './demo-mailbox.js'

const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']

/** axe's findings, one readable line per offending element. */
async function violations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).withTags(tags).analyze()
  return violations.flatMap((v) =>
    v.nodes.map(
      (n) =>
        `${v.id} (${v.impact}) at ${n.target.join(' ')}: ${v.help}${n.failureSummary ? ` — ${n.failureSummary.replace(/\s+/g, ' ')}` : ''}`,
    ),
  )
}

/** The document's width and, when it is wider than `limit`, the innermost elements sticking out. */
const overflow = (page: Page, limit: number) =>
  page.evaluate((limit) => {
    const width = document.documentElement.scrollWidth
    if (width <= limit) return { width, culprits: [] as string[] }
    const out = [...document.body.querySelectorAll('*')].filter(
      (e) =>
        e.getBoundingClientRect().right > limit &&
        ![...e.children].some((c) => c.getBoundingClientRect().right > limit),
    )
    return {
      width,
      culprits: out
        .slice(0, 5)
        .map(
          (e) =>
            `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${e.className ? `.${String(e.className).replace(/ /g, '.')}` : ''}: ${(e.textContent ?? '').trim().slice(0, 60)}`,
        ),
    }
  }, limit)

/**
 * The page as it is now: axe in both colour schemes; then at 320 px (axe again, and the width);
 * then at 640 px with the root font at 200 % (WCAG 1.4.4's zoom, as text size). Soft, so one run
 * lists every page that fails.
 */
async function check(page: Page, name: string) {
  await test.step(name, async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme })
      expect.soft(await violations(page), `${name} (${colorScheme}): axe violations`).toEqual([])
    }
    await page.emulateMedia({ colorScheme: 'light' })
    const size = page.viewportSize()
    await page.setViewportSize({ width: 320, height: 640 })
    expect.soft(await violations(page), `${name} (320 px): axe violations`).toEqual([])
    const narrow = await overflow(page, 320)
    expect
      .soft(narrow.width, `${name}: scrolls sideways at 320 px; sticking out: ${narrow.culprits}`)
      .toBeLessThanOrEqual(320)
    await page.setViewportSize({ width: 640, height: 400 })
    await page.evaluate(() => (document.documentElement.style.fontSize = '200%'))
    const zoomed = await overflow(page, 640)
    expect
      .soft(
        zoomed.width,
        `${name}: scrolls sideways at 200 % text; sticking out: ${zoomed.culprits}`,
      )
      .toBeLessThanOrEqual(640)
    await page.evaluate(() => (document.documentElement.style.fontSize = ''))
    if (size) await page.setViewportSize(size)
  })
}

async function visit(page: Page, url: string, name: string) {
  const response = await page.goto(url.startsWith('/') ? `${demo.bridge}${url}` : url)
  expect(response?.status(), `${name}: ${url}`).toBeLessThan(500)
  await check(page, name)
}

/** Sends the page's forms without the browser's own checks, so that the bridge's errors show. */
const skipBrowserChecks = (page: Page) =>
  page.evaluate(() => document.querySelectorAll('form').forEach((f) => (f.noValidate = true)))

async function openSignIn(page: Page, site: string) {
  await page.goto(site)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page).toHaveURL(new RegExp(`^${demo.bridge}/login`))
}

const newMember = (prefix: string) => ({
  email: `${prefix}-${Date.now()}@example.org`,
  password: `password of ${prefix} ${Date.now()}`,
})

/** Signs a new member up from the site's sign-in page, through the emailed link. */
async function signUp(page: Page, site: string, member: { email: string; password: string }) {
  await openSignIn(page, site)
  await page.getByRole('link', { name: 'Create an account' }).click()
  await page.getByLabel('Email').fill(member.email)
  await page.getByLabel('Password').fill(member.password)
  await page.getByRole('button', { name: 'Create account' }).click()
  await expect(page.getByRole('heading', { name: 'Check your email' })).toBeVisible()
  const message = await nextMessage(page, member.email, /Confirm your email/)
  await page.goto(linkIn(message, '/verify-email'))
}

const fresh = async (browser: Browser) => (await browser.newContext()).newPage()

test('sign-in, sign-up and the error page pass axe and fit 320 px and 200 %', async ({ page }) => {
  test.setTimeout(120_000)
  await openSignIn(page, demo.shop)
  await check(page, 'login (upstream, passkey, member links, email code)')
  await page.getByLabel('Email').fill(demo.alice.email)
  await page.getByLabel('Password').fill('not the password')
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByRole('alert')).toBeVisible()
  await check(page, 'login with a wrong password')

  await page.getByRole('link', { name: 'Create an account' }).click()
  await expect(page.getByRole('heading', { name: 'Create an account' })).toBeVisible()
  await check(page, 'sign-up')
  await skipBrowserChecks(page)
  await page.getByLabel('Email').fill('not-an-address')
  await page.getByLabel('Password').fill('short')
  await page.getByRole('button', { name: 'Create account' }).click()
  await expect(page.getByRole('alert')).toBeVisible()
  await check(page, 'sign-up with an error')

  const member = newMember('a11y-signup')
  await page.getByLabel('Email').fill(member.email)
  await page.getByLabel('Password').fill(member.password)
  await page.getByRole('button', { name: 'Create account' }).click()
  await expect(page.getByRole('heading', { name: 'Check your email' })).toBeVisible()
  await check(page, 'check your email')
  const message = await nextMessage(page, member.email, /Confirm your email for Shop/)
  await visit(page, linkIn(message, '/verify-email'), 'verification link')

  await visit(page, '/authorize?app=nope', 'error page')
})

test('forgot, reset, the emailed code and the magic link pass axe and fit', async ({ browser }) => {
  test.setTimeout(120_000)
  const page = await fresh(browser)
  const member = newMember('a11y-reset')
  await signUp(page, demo.shop, member)
  await page.getByRole('button', { name: 'Confirm my email' }).click()
  await expect(page.getByText(`Signed in as ${member.email}`)).toBeVisible()

  const other = await fresh(browser)
  await openSignIn(other, demo.shop)
  await other.getByRole('link', { name: 'Forgot your password?' }).click()
  await check(other, 'forgot password')
  await skipBrowserChecks(other)
  await other.getByLabel('Email').fill('not-an-address')
  await other.getByRole('button', { name: 'Send reset link' }).click()
  await expect(other.getByRole('alert')).toBeVisible()
  await check(other, 'forgot with an error')
  await other.getByLabel('Email').fill(member.email)
  await other.getByRole('button', { name: 'Send reset link' }).click()
  await expect(other.getByRole('heading', { name: 'Check your email' })).toBeVisible()
  const reset = await nextMessage(other, member.email, /Reset your password for Shop/)
  await visit(other, linkIn(reset, '/reset-password'), 'reset password')
  await skipBrowserChecks(other)
  await other.getByLabel('New password').fill('short')
  await other.getByRole('button', { name: 'Set password' }).click()
  await expect(other.getByRole('alert')).toBeVisible()
  await check(other, 'reset password with an error')

  const coded = await fresh(browser)
  await openSignIn(coded, demo.shop)
  await coded.getByLabel('Email').fill(member.email)
  const before = await seen(coded)
  await coded.getByRole('button', { name: 'Email me a sign-in code' }).click()
  await expect(coded.getByText('we sent a 6-digit code to')).toBeVisible()
  await check(coded, 'code page')
  await coded.getByLabel('Code').fill('000000')
  await coded.getByRole('button', { name: 'Sign in' }).click()
  await expect(coded.getByRole('alert')).toBeVisible()
  await check(coded, 'code page with a wrong code')
  const sent = await nextMessage(coded, member.email, /^Your sign-in code for Shop/, before)
  await visit(coded, linkIn(sent, '/login/link'), 'magic link')
})

test('two-step pages, the passkey account page and the logout pages pass axe and fit', async ({
  browser,
}) => {
  test.setTimeout(120_000)
  const page = await fresh(browser)
  const member = newMember('a11y-mfa')
  await signUp(page, demo.vault, member)
  await page.getByRole('button', { name: 'Confirm my email' }).click()
  await expect(page.getByRole('heading', { name: 'Set up two-step verification' })).toBeVisible()
  await check(page, 'two-step enrolment')
  const secret = (await page.locator('[data-totp-secret]').textContent()) ?? ''
  await page.getByLabel('Code from your authenticator app').fill('000000')
  await page.getByRole('button', { name: 'Verify and turn on' }).click()
  await expect(page.getByRole('alert')).toBeVisible()
  await check(page, 'two-step enrolment with a wrong code')
  await page.getByLabel('Code from your authenticator app').fill(await generate({ secret }))
  await page.getByRole('button', { name: 'Verify and turn on' }).click()
  await expect(page.getByRole('heading', { name: 'Save your recovery codes' })).toBeVisible()
  await check(page, 'recovery codes')
  await page.getByRole('button', { name: 'Continue to Vault' }).click()
  await expect(page.getByText(`Signed in as ${member.email}`)).toBeVisible()

  await visit(page, '/account/passkeys', 'passkey account page')
  await visit(page, '/logout?app=shop', 'logout confirm')
  // The OpenID Provider's own logout page: the single-page app signs in, then out (RP-initiated).
  await page.goto(demo.notes)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.locator('#email')).toHaveText(member.email)
  await page.getByRole('button', { name: 'Sign out' }).click()
  await expect(page.getByRole('heading', { name: 'Sign out?' })).toBeVisible()
  await check(page, 'OIDC provider logout')
  // Without a client's redirect, the provider ends on its own "Signed out" page.
  await page.goto(`${demo.bridge}/oidc/logout`)
  await page.getByRole('button', { name: 'Sign out everywhere' }).click()
  await expect(page.getByRole('heading', { name: 'Signed out' })).toBeVisible()
  await check(page, 'OIDC provider signed out')

  const again = await fresh(browser)
  await openSignIn(again, demo.vault)
  await again.getByLabel('Email').fill(member.email)
  await again.getByLabel('Password').fill(member.password)
  await again.getByRole('button', { name: 'Sign in' }).click()
  await expect(again.getByRole('heading', { name: 'Two-step verification' })).toBeVisible()
  await check(again, 'two-step challenge')
  await again.getByLabel('Code from your authenticator app').fill('000000')
  await again.getByRole('button', { name: 'Verify' }).click()
  await expect(again.getByRole('alert')).toBeVisible()
  await check(again, 'two-step challenge with a wrong code')
})

test('the login page in each language passes axe and fits (longer words, other scripts)', async ({
  browser,
}) => {
  test.setTimeout(90_000)
  for (const locale of ['de-DE', 'fr-FR', 'es-ES', 'ja-JP']) {
    const context = await browser.newContext({ locale })
    const page = await context.newPage()
    await openSignIn(page, demo.shop)
    await expect(page.locator('html')).toHaveAttribute('lang', locale.slice(0, 2))
    await check(page, `login (${locale})`)
    await context.close()
  }
})
