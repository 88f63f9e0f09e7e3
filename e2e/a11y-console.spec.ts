/**
 * Issue 17, accessibility of the admin console: axe finds no WCAG 2.1 AA violation on any console
 * page (in the light and the dark colour scheme), and no page scrolls sideways at 320 px wide.
 * The pages are reached the way an admin reaches them: signed in, with the demo's apps and
 * connections, and also in their error states (a wrong password, a form with bad fields).
 */
import { AxeBuilder } from '@axe-core/playwright'
import { expect, test, type Page } from '@playwright/test'
import { spawn, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { generate } from 'otplib'
import { demo } from './demo.js'

const root = resolve(import.meta.dirname, '..')
const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']
const newAdmin = () => ({
  email: `a11y-${randomBytes(4).toString('hex')}@example.com`,
  password: randomBytes(12).toString('base64url'),
})
const admin = newAdmin()
// A second admin turns on two-step sign-in, so the first one's session stays a plain one.
const mfaAdmin = newAdmin()

function createAdmin(account: { email: string; password: string }) {
  const run = spawnSync(
    process.execPath,
    [
      'packages/bridge/bin/ssobridge.js',
      'admin',
      'create',
      '--email',
      account.email,
      '--password-stdin',
    ],
    {
      cwd: root,
      input: account.password,
      encoding: 'utf8',
      env: {
        ...process.env,
        DATABASE_URL: '',
        SSOBRIDGE_DATA_DIR: join(process.env.E2E_DATA_DIR as string, 'bridge'),
        SSOBRIDGE_ISSUER: demo.bridge,
      },
    },
  )
  if (run.status !== 0) throw new Error(`ssobridge admin create: ${run.stderr}`)
}

test.beforeAll(() => {
  createAdmin(admin)
  createAdmin(mfaAdmin)
})

/** axe's findings, one readable line per offending element. */
async function violations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).withTags(tags).analyze()
  return violations.flatMap((v) =>
    v.nodes.map((n) => `${v.id} (${v.impact}) at ${n.target.join(' ')}: ${v.help}`),
  )
}

/**
 * The page as it is now: axe in both colour schemes, then axe and the body's width at 320 px. Soft, so
 * one run lists every page that fails.
 */
async function check(page: Page, name: string) {
  await test.step(name, async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme })
      expect.soft(await violations(page), `${name} (${colorScheme}): axe violations`).toEqual([])
    }
    await page.emulateMedia({ colorScheme: 'light' })
    const size = page.viewportSize()
    await page.setViewportSize({ width: 320, height: 800 })
    // Narrow, tables scroll in their own box, which must then be reachable by keyboard too.
    expect.soft(await violations(page), `${name} (320 px): axe violations`).toEqual([])
    // The widest elements that stick out, named so that the failure says what to fix.
    const overflow = await page.evaluate(() => {
      const width = document.documentElement.scrollWidth
      if (width <= 320) return { width, culprits: [] }
      const out = [...document.querySelectorAll('main *, header *')].filter((e) => {
        if (e.closest('.table')) return false
        return (
          e.getBoundingClientRect().right > 320 &&
          ![...e.children].some((c) => c.getBoundingClientRect().right > 320)
        )
      })
      return {
        width,
        culprits: out
          .slice(0, 5)
          .map(
            (e) =>
              `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${e.className ? `.${String(e.className).replace(/ /g, '.')}` : ''}: ${(e.textContent ?? '').slice(0, 60)}`,
          ),
      }
    })
    expect
      .soft(
        overflow.width,
        `${name}: the body scrolls sideways at 320 px; sticking out: ${overflow.culprits.join('; ')}`,
      )
      .toBeLessThanOrEqual(320)
    if (size) await page.setViewportSize(size)
  })
}

async function visit(page: Page, path: string, name: string) {
  const response = await page.goto(`${demo.bridge}${path}`)
  expect(response?.status(), `${name}: ${path}`).toBeLessThan(500)
  await check(page, name)
}

/** Sends the page's forms without the browser's own checks, so that the bridge's errors show. */
const skipBrowserChecks = (page: Page) =>
  page.evaluate(() => document.querySelectorAll('form').forEach((f) => (f.noValidate = true)))

async function signIn(page: Page, account: { email: string; password: string }) {
  await page.goto(`${demo.bridge}/admin/login`)
  await page.getByLabel('Email').fill(account.email)
  await page.getByLabel('Password').fill(account.password)
  await page.getByRole('button', { name: 'Sign in' }).click()
}

// The checks are slow (axe four times a page), so the pages come in a few tests of their own.
test('the sign-in and overview pages pass axe at WCAG 2.1 AA and fit 320 px', async ({ page }) => {
  test.setTimeout(120_000)
  await visit(page, '/admin/login', 'login')
  await page.getByLabel('Email').fill(admin.email)
  await page.getByLabel('Password').fill('not-the-password')
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByRole('alert')).toBeVisible()
  await check(page, 'login with a wrong password')
  await visit(page, '/admin/setup', 'setup (already done)')

  await signIn(page, admin)
  await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible()
  await check(page, 'dashboard')
})

test('the app pages pass axe at WCAG 2.1 AA and fit 320 px', async ({ page }) => {
  test.setTimeout(300_000)
  await signIn(page, admin)
  await visit(page, '/admin/apps', 'apps list')
  await visit(page, '/admin/apps/shop', 'app page (plain, with its edit form)')
  await skipBrowserChecks(page)
  await page.getByLabel('Callback URLs').fill('not a url')
  await page.getByRole('button', { name: 'Save changes' }).click()
  await expect(page.getByRole('alert')).toBeVisible()
  await check(page, 'edit app with errors')
  await visit(page, '/admin/apps/academy', 'app page (thinkific preset)')
  await visit(page, '/admin/apps/community', 'app page (discourse preset)')
  await visit(page, '/admin/apps/store', 'app page (bigcommerce preset)')
  await visit(page, '/admin/apps/new', 'new app form')
  await visit(page, '/admin/apps/new?preset=thinkific', 'new app form (thinkific preset)')
  await visit(page, '/admin/apps/new?preset=discourse', 'new app form (discourse preset)')
  await skipBrowserChecks(page)
  await page.getByRole('button', { name: 'Add app' }).click()
  await expect(page.getByRole('alert')).toBeVisible()
  await check(page, 'new app form with errors')
  await visit(page, '/admin/apps/academy/check', 'platform check')
  await page.getByLabel('User (email)').fill(demo.alice.email)
  await page.getByRole('button', { name: 'Check against Thinkific' }).click()
  await expect(page.getByRole('heading', { name: /Thinkific would accept it/ })).toBeVisible()
  await check(page, 'platform check, passed')
  await page.getByLabel('The key you pasted into Thinkific').fill('a-key-thinkific-never-gave-0')
  await page.getByRole('button', { name: 'Check against Thinkific' }).click()
  await expect(page.getByRole('heading', { name: /Thinkific would refuse it/ })).toBeVisible()
  await check(page, 'platform check, refused')
  await visit(page, '/admin/apps/shop/deliveries', 'back-channel deliveries')
  await visit(page, '/admin/apps/no-such-app', 'app not found')
})

test('the connection pages pass axe at WCAG 2.1 AA and fit 320 px', async ({ page }) => {
  test.setTimeout(120_000)
  await signIn(page, admin)
  await visit(page, '/admin/connections', 'connections list')
  await visit(page, '/admin/connections/staff', 'local connection')
  await visit(page, '/admin/connections/corp', 'OIDC connection')
  await page.getByRole('button', { name: 'Check', exact: true }).click()
  await expect(page.getByRole('status', { name: 'Discovery result' })).toBeVisible()
  await check(page, 'OIDC connection, checked')
  await skipBrowserChecks(page)
  await page.getByLabel('Client ID').fill('')
  await page.getByRole('button', { name: 'Save changes' }).click()
  await expect(page.getByRole('alert')).toBeVisible()
  await check(page, 'edit OIDC connection with errors')
  await visit(page, '/admin/connections/partner', 'SAML connection')
  await visit(page, '/admin/connections/new?type=local', 'new local connection form')
  await visit(page, '/admin/connections/new?type=oidc', 'new OIDC connection form')
  await visit(page, '/admin/connections/new?type=saml', 'new SAML connection form')
  await skipBrowserChecks(page)
  await page.getByRole('button', { name: 'Add connection' }).click()
  await expect(page.getByRole('alert')).toBeVisible()
  await check(page, 'new SAML connection form with errors')
})

test('the user, key, strings, audit and email pages pass axe at WCAG 2.1 AA and fit 320 px', async ({
  page,
}) => {
  test.setTimeout(120_000)
  await signIn(page, admin)
  await visit(page, '/admin/users/new', 'new user form')
  await skipBrowserChecks(page)
  await page.getByLabel('Email', { exact: true }).fill('not an email')
  await page.getByRole('button', { name: 'Add user' }).click()
  await expect(page.getByRole('alert')).toBeVisible()
  await check(page, 'new user form with errors')
  const email = `a11y-user-${randomBytes(3).toString('hex')}@example.com`
  await page.getByLabel('Email', { exact: true }).fill(email)
  await page.getByRole('button', { name: 'Add user' }).click()
  await expect(page.getByText('Copy this password now')).toBeVisible()
  await check(page, 'user page (with its generated password)')
  await visit(page, '/admin/users', 'users list')
  await page.getByRole('link', { name: email }).click()
  await check(page, 'user page')
  // An email for the Emails page below to list.
  await page.getByRole('button', { name: 'Send password reset email' }).click()
  await expect(page.getByRole('status')).toBeVisible()
  await check(page, 'user page after sending an email')
  await visit(page, '/admin/users?q=nobody-at-all', 'users list, nothing found')

  await visit(page, '/admin/keys', 'keys and API keys')
  await page.getByLabel('Name', { exact: true }).fill('a11y')
  await page.getByRole('checkbox', { name: 'apps:read' }).check()
  await page.getByRole('button', { name: 'Create key' }).click()
  await expect(page.getByRole('textbox', { name: 'API key' })).toBeVisible()
  await check(page, 'keys with a new API key')
  await visit(page, '/admin/strings', 'strings (English)')
  await visit(page, '/admin/strings/ja', 'strings (Japanese)')
  await visit(page, '/admin/audit', 'audit log')
  await visit(page, '/admin/emails', 'emails')
  await visit(page, '/admin/emails?state=failed', 'emails (failed)')
})

test('the two-step sign-in pages pass axe at WCAG 2.1 AA and fit 320 px', async ({ page }) => {
  test.setTimeout(120_000)
  await signIn(page, mfaAdmin)
  await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible()

  await visit(page, '/admin/mfa', 'two-step enrolment')
  const secret = (await page.locator('.card code').first().textContent()) ?? ''
  await page.getByLabel('Code', { exact: true }).fill('000000')
  await page.getByRole('button', { name: 'Turn on two-step sign-in' }).click()
  await check(page, 'two-step enrolment with a wrong code')
  await page.getByLabel('Code', { exact: true }).fill(await generate({ secret }))
  await page.getByRole('button', { name: 'Turn on two-step sign-in' }).click()
  await expect(page.getByText('Copy this recovery codes now')).toBeVisible()
  await check(page, 'two-step recovery codes')
  await visit(page, '/admin/mfa', 'two-step on')

  await page.getByRole('button', { name: 'Sign out' }).click()
  await signIn(page, mfaAdmin)
  await expect(page.getByLabel('Code from your authenticator app')).toBeVisible()
  await check(page, 'two-step code')
  await page.getByLabel('Code from your authenticator app').fill('000000')
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByRole('alert')).toBeVisible()
  await check(page, 'two-step code, wrong')
})

test('the console by keyboard: a skip link, then a visible focus outline on every control', async ({
  page,
}) => {
  await page.goto(`${demo.bridge}/admin/login`)
  // Signing in with the keyboard only: the skip link first, then the form in order.
  await page.keyboard.press('Tab')
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused()
  await page.keyboard.press('Tab')
  await expect(page.getByLabel('Email')).toBeFocused()
  await page.keyboard.type(admin.email)
  await page.keyboard.press('Tab')
  await page.keyboard.type(admin.password)
  await page.keyboard.press('Enter')
  await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible()

  for (const path of ['/admin/apps/shop', '/admin/connections/corp', '/admin/keys']) {
    await page.goto(`${demo.bridge}${path}`)
    await page.keyboard.press('Tab')
    await page.keyboard.press('Enter')
    await expect(page.locator('main')).toBeFocused()
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab')
      const focused = await page.evaluate(() => {
        const e = document.activeElement as HTMLElement
        // Past the last control: the focus leaves the page, or starts again at the skip link.
        if (e === document.body || e.classList.contains('skip')) return undefined
        const style = getComputedStyle(e)
        const name = e.getAttribute('name') ?? e.getAttribute('aria-label') ?? e.textContent
        return {
          what: `${e.tagName.toLowerCase()} ${(name ?? '').trim().slice(0, 40)}`,
          outline: `${style.outlineStyle} ${style.outlineWidth}`,
        }
      })
      if (!focused) break
      expect.soft(focused.outline, `${path}: focus outline of ${focused.what}`).toBe('solid 3px')
    }
  }
})

test('the setup page passes axe at WCAG 2.1 AA and fits 320 px', async ({ page }) => {
  // An empty bridge prints its one-time setup link (the walkthrough's stack, see there).
  const child = spawn(process.execPath, ['--import', 'tsx', 'e2e/walkthrough-stack.ts'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: '', SSOBRIDGE_SECRET_KEY: '' },
    stdio: ['pipe', 'pipe', 'inherit'],
  })
  try {
    let setupUrl = ''
    for await (const line of createInterface({ input: child.stdout! })) {
      if (line.startsWith('{"bridge"')) {
        setupUrl = (JSON.parse(line) as { setupUrl: string }).setupUrl
        break
      }
    }
    expect(setupUrl).toContain('/admin/setup?token=')
    await page.goto(setupUrl)
    await check(page, 'setup')
    await skipBrowserChecks(page)
    await page.getByLabel('Your email').fill('first@example.com')
    await page.getByLabel('Password').fill('short')
    await page.getByRole('button', { name: 'Create the admin and sign in' }).click()
    await expect(page.getByRole('alert')).toBeVisible()
    await check(page, 'setup with a short password')
    await page.goto(setupUrl.replace(/token=.*/, 'token=wrong'))
    await check(page, 'setup with a wrong link')
  } finally {
    const exited = new Promise((done) => child.once('exit', done))
    child.kill('SIGTERM')
    await exited
  }
})
