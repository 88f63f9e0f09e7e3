/**
 * Sessions people can see and end (issue 18, journeys 1 and 2): a user signed in to the shop and
 * the forum ends that session on /account/sessions and both sites hear of it by back-channel
 * logout; an admin sees the user's session in the console, disables the user (the session ends,
 * sign-in is refused) and deletes them. A user of its own, made with the CLI: the other specs'
 * demo users stay as they are.
 */
import { expect, test, type Page } from '@playwright/test'
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { join, resolve } from 'node:path'
import { demo } from './demo.js'

const root = resolve(import.meta.dirname, '..')
const tag = randomBytes(4).toString('hex')
const admin = {
  email: `sessions-admin-${tag}@example.com`,
  password: randomBytes(12).toString('base64url'),
}
const user = {
  email: `sessions-${tag}@example.com`,
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
  ssobridge(['admin', 'create', '--email', admin.email, '--password-stdin'], admin.password)
  const created = ssobridge(
    [
      'user',
      'add',
      '--email',
      user.email,
      '--connection',
      'staff',
      '--email-verified',
      '--password-stdin',
    ],
    user.password,
  )
  expect(created).toContain(`created user ${user.email}`)
})

const me = (page: Page, site: string) =>
  page.request.get(`${site}/api/me`).then(async (r) => (await r.json()).user)

/** Signs in on the shop with the password, then on the forum without a prompt. */
async function signInToBoth(page: Page) {
  await page.goto(demo.shop)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.getByLabel('Email').fill(user.email)
  await page.getByLabel('Password').fill(user.password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByText(`Signed in as ${user.email}`)).toBeVisible()
  await page.goto(demo.forum)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByText(`Signed in as ${user.email}`)).toBeVisible()
  expect(await me(page, demo.shop)).toMatchObject({ email: user.email })
  expect(await me(page, demo.forum)).toMatchObject({ email: user.email })
}

test('a user ends their session on the account page; both sites are signed out', async ({
  page,
}) => {
  await signInToBoth(page)
  await page.goto(`${demo.bridge}/account/sessions`)
  await expect(page.getByRole('heading', { name: 'Your sessions' })).toBeVisible()
  const mine = page.getByRole('list', { name: 'Sessions' }).getByRole('listitem')
  await expect(mine).toHaveCount(1)
  await expect(mine).toContainText('this device')
  await expect(mine).toContainText('Sites: Forum, Shop')
  await expect(mine).toContainText(/Chrome|Chromium/)
  await mine.getByRole('button', { name: /End this session/ }).click()
  await expect(page.getByRole('heading', { name: 'Signed out' })).toBeVisible()

  // Neither site saw the browser again: the bridge told them, server to server.
  await expect.poll(() => me(page, demo.shop), { timeout: 10_000 }).toBeNull()
  await expect.poll(() => me(page, demo.forum), { timeout: 10_000 }).toBeNull()
})

test('an admin sees the session, disables the user (session ended, sign-in refused), deletes them', async ({
  page,
  browser,
}) => {
  await signInToBoth(page)

  const console = await (await browser.newContext()).newPage()
  await console.goto(`${demo.bridge}/admin/login`)
  await console.getByLabel('Email').fill(admin.email)
  await console.getByLabel('Password').fill(admin.password)
  await console.getByRole('button', { name: 'Sign in' }).click()
  await console.goto(`${demo.bridge}/admin/users?q=${encodeURIComponent(user.email)}`)
  await console.getByRole('link', { name: user.email }).click()
  const sessions = console.getByRole('region', { name: 'Sessions' })
  await expect(sessions.getByRole('row')).toHaveCount(2)
  await expect(sessions).toContainText('Forum, Shop')

  await console.getByRole('button', { name: 'Disable user' }).click()
  await expect(console.getByText('Disabled.')).toBeVisible()
  await expect(console.getByText('No live session.')).toBeVisible()
  await expect.poll(() => me(page, demo.shop), { timeout: 10_000 }).toBeNull()
  await expect.poll(() => me(page, demo.forum), { timeout: 10_000 }).toBeNull()

  // Signing in again is refused, without saying whether the account exists.
  await page.goto(demo.shop)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.getByLabel('Email').fill(user.email)
  await page.getByLabel('Password').fill(user.password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByRole('alert')).toHaveText('Wrong email or password.')
  expect(await me(page, demo.shop)).toBeNull()

  await console.getByRole('checkbox', { name: 'Yes, delete this user' }).check()
  await console.getByRole('button', { name: 'Delete', exact: true }).click()
  await expect(console.getByText('Deleted.')).toBeVisible()
  await console.goto(`${demo.bridge}/admin/users?q=${encodeURIComponent(user.email)}`)
  await expect(console.getByText('No users found.')).toBeVisible()
})
