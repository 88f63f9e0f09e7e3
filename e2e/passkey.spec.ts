import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { join, resolve } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import { decodeJwt } from 'jose'
import { demo } from './demo.js'

const root = resolve(import.meta.dirname, '..')

/** A user of its own (alice's factors belong to mfa.spec), made with the CLI like an operator would. */
function addUser(email: string, password: string) {
  execFileSync(
    process.execPath,
    [
      'packages/bridge/bin/ssobridge.js',
      'user',
      'add',
      '--email',
      email,
      '--connection',
      'staff',
      '--password-stdin',
    ],
    {
      cwd: root,
      input: password,
      env: {
        ...process.env,
        SSOBRIDGE_DATA_DIR: join(process.env.E2E_DATA_DIR ?? '', 'bridge'),
        DATABASE_URL: '',
      },
    },
  )
}

/** Captures the token the bridge posts to the vault's callback. */
async function vaultTokens(page: Page) {
  let token = ''
  await page.route(`${demo.vault}/sso/callback`, async (route) => {
    token = new URLSearchParams(route.request().postData() ?? '').get('token') ?? ''
    await route.continue()
  })
  return () => decodeJwt(token)
}

test('a passkey: enrolled as the second factor on vault, then used with a password and without', async ({
  page,
  context,
}) => {
  const user = { email: 'passkey@example.com', password: randomBytes(12).toString('base64url') }
  addUser(user.email, user.password)

  // Chromium's virtual authenticator: a platform passkey that verifies the user (PIN/biometrics).
  const cdp = await context.newCDPSession(page)
  await cdp.send('WebAuthn.enable')
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  })
  const token = await vaultTokens(page)
  const signedIn = page.getByText(`Signed in as ${user.email}`)

  await test.step('password, then "Set up a passkey" on the enrolment page', async () => {
    await page.goto(demo.vault)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByLabel('Email').fill(user.email)
    await page.getByLabel('Password').fill(user.password)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await expect(page.getByRole('heading', { name: 'Set up two-step verification' })).toBeVisible()
    await page.getByLabel('Name of the passkey').fill('Virtual passkey')
    await page.getByRole('button', { name: 'Set up a passkey' }).click()
    await expect(page.getByRole('heading', { name: 'Save your recovery codes' })).toBeVisible()
    await expect(
      page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem'),
    ).toHaveCount(10)
    await page.getByRole('button', { name: 'Continue to Vault' }).click()
    await expect(signedIn).toBeVisible()
    // Device-bound (not backup eligible): a hardware-protected key.
    expect(token().amr).toEqual(['pwd', 'hwk', 'mfa'])
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId })
    expect(credentials).toHaveLength(1)
    expect(credentials[0]!.isResidentCredential).toBe(true)
  })

  await test.step('password, then the passkey as the second factor', async () => {
    await context.clearCookies()
    await page.goto(demo.vault)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByLabel('Email').fill(user.email)
    await page.getByLabel('Password').fill(user.password)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await expect(page.getByRole('heading', { name: 'Two-step verification' })).toBeVisible()
    // A passkey-only user gets no code field.
    await expect(page.getByLabel('Code from your authenticator app')).toHaveCount(0)
    await page.getByRole('button', { name: 'Use a passkey' }).click()
    await expect(signedIn).toBeVisible()
    expect(token().amr).toEqual(['pwd', 'hwk', 'mfa'])
  })

  await test.step('no password: "Use a passkey" on the login page', async () => {
    await context.clearCookies()
    await page.goto(demo.vault)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await expect(page.getByLabel('Password')).toBeVisible()
    await page.getByRole('button', { name: 'Use a passkey' }).click()
    await expect(signedIn).toBeVisible()
    // Possession plus the authenticator's user verification: MFA, so vault asks nothing more.
    expect(token().amr).toEqual(['hwk', 'user', 'mfa'])
  })

  await test.step('the account page lists it, renames it and removes it', async () => {
    await page.goto(`${demo.bridge}/account/passkeys`)
    await expect(page.getByRole('heading', { name: 'Your passkeys' })).toBeVisible()
    await page.getByLabel('New name for Virtual passkey').fill('Laptop')
    await page.getByRole('button', { name: 'Rename' }).click()
    await expect(page.getByText('Passkey renamed.')).toBeVisible()
    await page.getByRole('button', { name: 'Remove Laptop' }).click()
    await expect(page.getByText('Passkey removed.')).toBeVisible()
    await expect(page.getByText('You have no passkeys yet.')).toBeVisible()
  })
})
