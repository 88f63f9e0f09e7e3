/**
 * "Check against <platform>" in the console, in Chromium on the demo: the admin checks the
 * Academy app (the thinkific preset) and sees it pass with the key the bridge holds, then the
 * check catch a wrong secret and a platform clock behind the bridge's, each with what to change.
 */
import { expect, test, type Page } from '@playwright/test'
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { join, resolve } from 'node:path'
import { demo } from './demo.js'

const root = resolve(import.meta.dirname, '..')
const admin = {
  email: `check-${randomBytes(4).toString('hex')}@example.com`,
  password: randomBytes(12).toString('base64url'),
}

test.beforeAll(() => {
  const run = spawnSync(
    process.execPath,
    [
      'packages/bridge/bin/ssobridge.js',
      'admin',
      'create',
      '--email',
      admin.email,
      '--password-stdin',
    ],
    {
      cwd: root,
      input: admin.password,
      encoding: 'utf8',
      env: {
        ...process.env,
        DATABASE_URL: '',
        SSOBRIDGE_DATA_DIR: join(process.env.E2E_DATA_DIR as string, 'bridge'),
        SSOBRIDGE_ISSUER: demo.bridge,
      },
    },
  )
  expect(run.status, run.stderr).toBe(0)
})

async function openCheck(page: Page) {
  await page.goto(`${demo.bridge}/admin/login`)
  await page.getByLabel('Email').fill(admin.email)
  await page.getByLabel('Password').fill(admin.password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.goto(`${demo.bridge}/admin/apps/academy`)
  await page.getByRole('link', { name: 'Check against Thinkific' }).click()
  await expect(page).toHaveURL(`${demo.bridge}/admin/apps/academy/check`)
}

const result = (page: Page, rule: string) =>
  page
    .locator('tr', { has: page.locator(`code:text-is("${rule}")`) })
    .locator('td')
    .nth(1)

test('the check passes with the bridge key and catches a wrong secret and a clock skew', async ({
  page,
}) => {
  await openCheck(page)
  await page.getByLabel('User (email)').fill(demo.alice.email)
  await page.getByRole('button', { name: 'Check against Thinkific' }).click()
  await expect(page.getByRole('heading', { name: /Thinkific would accept it/ })).toBeVisible()
  await expect(result(page, 'signature')).toHaveText('PASS')

  await page
    .getByLabel('The key you pasted into Thinkific')
    .fill('a-key-thinkific-never-gave-you-0')
  await page.getByRole('button', { name: 'Check against Thinkific' }).click()
  await expect(page.getByRole('heading', { name: /Thinkific would refuse it/ })).toBeVisible()
  await expect(result(page, 'signature')).toHaveText('FAIL')
  await expect(page.getByText('a-key-thinkific-never-gave-you-0')).toHaveCount(0)

  // Thinkific's clock ten minutes behind: the token's iat is in its future.
  await page.getByLabel(/How far Thinkific's clock is ahead/).fill('-600')
  await page.getByRole('button', { name: 'Check against Thinkific' }).click()
  await expect(result(page, 'clock.iat')).toHaveText('FAIL')
  await expect(result(page, 'signature')).toHaveText('PASS')
})
