/**
 * The admin console end to end: the first admin is created with the CLI, signs in to /admin,
 * adds an app for the shop demo site, creates an API key, and finds the app in the admin API.
 */
import { expect, test } from '@playwright/test'
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { join, resolve } from 'node:path'
import { demo } from './demo.js'

const root = resolve(import.meta.dirname, '..')
// A fresh admin per worker: Playwright runs this file again in a new worker after a failure.
const admin = {
  email: `it-${randomBytes(4).toString('hex')}@example.com`,
  password: randomBytes(12).toString('base64url'),
}

function ssobridge(args: string[], input?: string) {
  const run = spawnSync(process.execPath, ['packages/bridge/bin/ssobridge.js', ...args], {
    cwd: root,
    input,
    encoding: 'utf8',
    env: {
      ...process.env,
      DATABASE_URL: '',
      SSOBRIDGE_DATA_DIR: join(process.env.E2E_DATA_DIR as string, 'bridge'),
      SSOBRIDGE_ISSUER: demo.bridge,
    },
  })
  if (run.status !== 0) throw new Error(`ssobridge ${args.join(' ')}: ${run.stderr}`)
  return run.stdout
}

test.beforeAll(() => {
  expect(
    ssobridge(['admin', 'create', '--email', admin.email, '--password-stdin'], admin.password),
  ).toContain(`created admin ${admin.email}`)
})

test('an admin adds an app in the console and finds it in the admin API', async ({ page }) => {
  await page.goto(`${demo.bridge}/admin`)
  await expect(page).toHaveURL(`${demo.bridge}/admin/login`)
  await page.getByLabel('Email').fill(admin.email)
  await page.getByLabel('Password').fill(admin.password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible()

  await page
    .getByRole('navigation', { name: 'Admin sections' })
    .getByRole('link', { name: 'Apps' })
    .click()
  await page.getByRole('link', { name: 'Add app' }).click()
  await page.getByLabel('Id', { exact: true }).fill('e2e-blog')
  await page.getByLabel('Name', { exact: true }).fill('E2E Blog')
  await page.getByLabel('Callback URLs').fill(`${demo.shop}/sso/callback`)
  await page.getByRole('checkbox', { name: /Example staff/ }).check()
  await page.getByLabel('Signing').selectOption('ES256')
  await page.getByRole('button', { name: 'Add app' }).click()

  await expect(page.getByRole('heading', { name: 'E2E Blog' })).toBeVisible()
  const snippet = await page
    .getByRole('textbox', { name: 'Snippet (pinned with SRI)' })
    .inputValue()
  expect(snippet).toMatch(
    /<script src="http:\/\/localhost:\d+\/sso\.[0-9a-f]{12}\.js" integrity="sha384-[^"]+" crossorigin="anonymous" data-app="e2e-blog" defer><\/script>/,
  )
  // The script enhances the read-only values with copy buttons.
  await expect(page.getByRole('button', { name: 'Copy Snippet (pinned with SRI)' })).toBeVisible()

  await page.getByRole('link', { name: 'Keys' }).click()
  await page.getByLabel('Name', { exact: true }).fill('e2e')
  await page.getByRole('checkbox', { name: 'apps:read' }).check()
  await page.getByRole('button', { name: 'Create key' }).click()
  const key = await page.getByRole('textbox', { name: 'API key' }).inputValue()
  expect(key).toMatch(/^ssb_/)

  const api = await page.request.get(`${demo.bridge}/admin/api/apps/e2e-blog`, {
    headers: { Authorization: `Bearer ${key}` },
  })
  expect(api.status()).toBe(200)
  expect((await api.json()).app).toMatchObject({
    id: 'e2e-blog',
    name: 'E2E Blog',
    callbackUrls: [`${demo.shop}/sso/callback`],
    signing: { alg: 'ES256' },
  })
  const denied = await page.request.get(`${demo.bridge}/admin/api/users`, {
    headers: { Authorization: `Bearer ${key}` },
  })
  expect(denied.status()).toBe(403)

  await page.getByRole('link', { name: 'Audit log' }).click()
  await expect(page.getByRole('cell', { name: 'app.created' }).first()).toBeVisible()
  await expect(page.getByText(`admin: ${admin.email}`).first()).toBeVisible()
})

test('the console fits a phone screen', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } })
  const page = await context.newPage()
  await page.goto(`${demo.bridge}/admin/login`)
  await page.getByLabel('Email').fill(admin.email)
  await page.getByLabel('Password').fill(admin.password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  for (const path of ['/admin/connections', '/admin/apps', '/admin/keys', '/admin/audit']) {
    await page.goto(`${demo.bridge}${path}`)
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    )
    expect(overflow, path).toBeLessThanOrEqual(0)
  }
  await context.close()
})
