/**
 * Issue 6, "Done when": a new admin goes from an empty bridge to a working sign-in on a site using
 * only the console. A second bridge is started here with no config and a fresh data folder (see
 * walkthrough-stack.ts), next to a SAML IdP ("Partner Inc") that trusts it and a test site.
 * Screenshots for the README's walkthrough are written to docs/images/admin-*.png.
 */
import { expect, test, type Page } from '@playwright/test'
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { errors, jwtVerify } from 'jose'

const root = resolve(import.meta.dirname, '..')

interface Stack {
  bridge: string
  bridgeDataDir: string
  setupUrl: string
  samlIdp: string
  samlMetadataUrl: string
  site: string
  dana: { email: string; password: string }
}

let child: ChildProcess
let stack: Stack
let lines: AsyncIterator<string>

async function nextLine(prefix: string): Promise<string> {
  for (;;) {
    const { value, done } = await lines.next()
    if (done) throw new Error(`walkthrough stack exited before printing ${prefix}`)
    if (value.startsWith(prefix)) return value
  }
}

test.beforeAll(async () => {
  child = spawn(process.execPath, ['--import', 'tsx', 'e2e/walkthrough-stack.ts'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: '', SSOBRIDGE_SECRET_KEY: '' },
    stdio: ['pipe', 'pipe', 'inherit'],
  })
  lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]()
  stack = JSON.parse(await nextLine('{"bridge"')) as Stack
})

test.afterAll(async () => {
  if (child.exitCode !== null) return
  const exited = new Promise((done) => child.once('exit', done))
  child.kill('SIGTERM')
  await exited
})

function ssobridge(args: string[], input?: string) {
  const run = spawnSync(process.execPath, ['packages/bridge/bin/ssobridge.js', ...args], {
    cwd: root,
    input,
    encoding: 'utf8',
    env: {
      ...process.env,
      DATABASE_URL: '',
      SSOBRIDGE_SECRET_KEY: '',
      SSOBRIDGE_DATA_DIR: stack.bridgeDataDir,
      SSOBRIDGE_ISSUER: stack.bridge,
    },
  })
  if (run.status !== 0) throw new Error(`ssobridge ${args.join(' ')}: ${run.stderr}`)
  return run.stdout
}

// The README's screenshots are refreshed only on request (UPDATE_SCREENSHOTS=1 npm run test:e2e),
// so that an ordinary run leaves the working tree clean; otherwise they go to test-results.
const shot = (page: Page, step: string) =>
  page.screenshot({
    path: process.env.UPDATE_SCREENSHOTS
      ? resolve(root, `docs/images/admin-${step}.png`)
      : resolve(root, `e2e/test-results/screenshots/admin-${step}.png`),
  })

const nav = (page: Page, section: string) =>
  page
    .getByRole('navigation', { name: 'Admin sections' })
    .getByRole('link', { name: section })
    .click()

test.use({ viewport: { width: 1280, height: 800 } })

test('a new admin connects a SAML IdP, adds an app and signs in on its site, all in the console', async ({
  page,
}) => {
  test.setTimeout(90_000)
  const admin = {
    email: `first-${randomBytes(4).toString('hex')}@example.com`,
    password: randomBytes(12).toString('base64url'),
  }

  // 1. The one-time link printed by the empty bridge at start.
  expect(stack.setupUrl).toMatch(new RegExp(`^${stack.bridge}/admin/setup\\?token=`))
  await page.goto(stack.setupUrl)
  await page.getByLabel('Your email').fill(admin.email)
  await page.getByLabel('Password').fill(admin.password)
  await shot(page, 'setup')
  await page.getByRole('button', { name: 'Create the admin and sign in' }).click()
  await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible()

  // 2. A SAML connection from the IdP's metadata, pasted.
  const metadata = await (await page.request.get(stack.samlMetadataUrl)).text()
  expect(metadata).toContain('IDPSSODescriptor')
  await nav(page, 'Connections')
  await page.getByRole('link', { name: /SAML/ }).first().click()
  await page.getByLabel('Id', { exact: true }).fill('partner')
  await page.getByLabel('Name', { exact: true }).fill('Partner Inc')
  await page.getByLabel('IdP metadata XML').fill(metadata)
  await page.getByLabel('Email domains').fill('partner.example')
  await page.getByRole('button', { name: 'Add connection' }).click()
  await expect(page.getByRole('heading', { name: 'The IdP, from its metadata' })).toBeVisible()
  await expect(page.getByRole('heading', { name: 'Copy these into the IdP' })).toBeVisible()
  await expect(
    page.getByRole('textbox').and(page.locator(`[value$="/connections/partner/saml/acs"]`)),
  ).toBeVisible()
  await shot(page, 'connection')

  // 3. An app for the test site, allowed to use that connection, with an HS256 secret.
  await nav(page, 'Apps')
  await page.getByRole('link', { name: 'Add app' }).click()
  await page.getByLabel('Id', { exact: true }).fill('blog')
  await page.getByLabel('Name', { exact: true }).fill('Blog')
  await page.getByLabel('Callback URLs').fill(`${stack.site}/sso/callback`)
  await page.getByRole('checkbox', { name: /Partner Inc/ }).check()
  await page.getByLabel('Signing').selectOption('HS256')
  await page.getByRole('button', { name: 'Add app' }).click()
  await expect(page.getByRole('heading', { name: 'Blog' })).toBeVisible()
  const firstSecret = await page.getByRole('textbox', { name: 'app secret' }).inputValue()
  expect(firstSecret.length).toBeGreaterThanOrEqual(32)
  const snippet = await page
    .getByRole('textbox', { name: 'Snippet (pinned with SRI)' })
    .inputValue()
  expect(snippet).toMatch(/integrity="sha384-[^"]+"/)
  expect(snippet).toContain('data-app="blog"')
  await shot(page, 'app')

  // 4. The site gets the secret; its page carries the bridge's script, and sign-in works.
  child.stdin!.write(`site ${firstSecret}\n`)
  await nextLine('site ')
  let token: string | undefined
  page.on('request', (request) => {
    if (request.url() === `${stack.site}/sso/callback` && request.method() === 'POST') {
      token = new URLSearchParams(request.postData() ?? '').get('token') ?? token
    }
  })
  await page.goto(stack.site)
  const script = page.locator('script[data-app="blog"]')
  await expect(script).toHaveAttribute('src', new RegExp(`^${stack.bridge}/sso\\.`))
  await page.getByRole('button', { name: 'Sign in' }).click()
  const partner = page.getByRole('link', { name: 'Continue with Partner Inc' })
  if (await partner.isVisible().catch(() => false)) await partner.click()
  await expect(page).toHaveURL(new RegExp(`^${stack.samlIdp}/sso\\?SAMLRequest=`))
  await page.getByLabel('Email').fill(stack.dana.email)
  await page.getByLabel('Password').fill(stack.dana.password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByText(`Signed in as ${stack.dana.email}`)).toBeVisible()
  expect(page.url().startsWith(stack.site)).toBe(true)
  await shot(page, 'signed-in')
  expect(token, 'the token posted to the site callback').toBeTruthy()
  const expected = { issuer: stack.bridge, audience: 'blog', algorithms: ['HS256'] }
  const key = (secret: string) => new TextEncoder().encode(secret)
  await jwtVerify(token!, key(firstSecret), expected)

  // 5. Rotate the secret with a grace period: the old one is still accepted until it ends.
  await page.goto(`${stack.bridge}/admin/apps/blog`)
  await page.getByLabel('Sites may accept the old secret for').selectOption('3600')
  await page.getByRole('checkbox', { name: 'Yes, generate a new secret now' }).check()
  await page.getByRole('button', { name: 'Generate a new secret' }).click()
  const secondSecret = await page.getByRole('textbox', { name: 'app secret' }).inputValue()
  expect(secondSecret).not.toBe(firstSecret)
  await page.goto(`${stack.bridge}/admin/apps/blog`)
  await expect(page.getByText('The previous secret stays accepted until')).toBeVisible()
  await page.getByRole('heading', { name: 'New secret' }).scrollIntoViewIfNeeded()
  await shot(page, 'rotate')
  // What a site verifies with during the grace period, as the console tells it: new and old.
  const during = [secondSecret, firstSecret]
  expect(await verifiesWithAny(token!, during, expected)).toBe(true)

  // 6. The grace period ends (a rotation with no grace drops the old secret at once).
  const rotated = ssobridge(['app', 'rotate-secret', 'blog', '--grace', '0'])
  const thirdSecret = rotated.match(/signing now: (\S+)/)?.[1]
  expect(thirdSecret, rotated).toBeTruthy()
  await page.goto(`${stack.bridge}/admin/apps/blog`)
  await expect(page.getByText('The previous secret stays accepted until')).toHaveCount(0)
  expect(await verifiesWithAny(token!, [thirdSecret!], expected)).toBe(false)
})

async function verifiesWithAny(
  token: string,
  secrets: string[],
  expected: { issuer: string; audience: string; algorithms: string[] },
) {
  for (const secret of secrets) {
    try {
      await jwtVerify(token, new TextEncoder().encode(secret), expected)
      return true
    } catch (error) {
      if (!(error instanceof errors.JWSSignatureVerificationFailed)) throw error
    }
  }
  return false
}
