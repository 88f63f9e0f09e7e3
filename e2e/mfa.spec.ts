import { expect, test, type Page } from '@playwright/test'
import { decodeJwt } from 'jose'
import { generate } from 'otplib'
import { demo } from './demo.js'

/** Captures the token the bridge posts to a site's callback. */
async function tokenPostedTo(page: Page, site: string) {
  let token: string | undefined
  await page.route(`${site}/sso/callback`, async (route) => {
    token = new URLSearchParams(route.request().postData() ?? '').get('token') ?? undefined
    await route.continue()
  })
  return () => decodeJwt(token ?? '')
}

async function passwordOnShop(page: Page) {
  await page.goto(demo.shop)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.getByLabel('Email').fill(demo.alice.email)
  await page.getByLabel('Password').fill(demo.alice.password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByText(`Signed in as ${demo.alice.email}`)).toBeVisible()
}

let secret = ''

test.describe.serial('MFA on top of SSO', () => {
  test('a shop session steps up to TOTP enrolment on vault, with amr pwd+otp+mfa', async ({
    page,
  }) => {
    const shopToken = await tokenPostedTo(page, demo.shop)
    await passwordOnShop(page)
    expect(shopToken().amr).toEqual(['pwd'])

    const vaultToken = await tokenPostedTo(page, demo.vault)
    await page.goto(demo.vault)
    await page.getByRole('button', { name: 'Sign in' }).click()
    // Step-up: the password is not asked again, only the second factor (here: set it up).
    await expect(page.getByRole('heading', { name: 'Set up two-step verification' })).toBeVisible()
    await expect(page.getByLabel('Password')).toHaveCount(0)
    await expect(page.locator('.qr svg')).toBeVisible()
    secret = (await page.locator('[data-totp-secret]').textContent()) ?? ''
    expect(secret).toMatch(/^[A-Z2-7]{32}$/)
    await page.getByLabel('Code from your authenticator app').fill(await generate({ secret }))
    await page.getByRole('button', { name: 'Verify and turn on' }).click()

    await expect(page.getByRole('heading', { name: 'Save your recovery codes' })).toBeVisible()
    await expect(
      page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem'),
    ).toHaveCount(10)
    await page.getByRole('button', { name: 'Continue to Vault' }).click()
    await expect(page.getByText(`Signed in as ${demo.alice.email}`)).toBeVisible()
    expect(vaultToken().amr).toEqual(['pwd', 'otp', 'mfa'])
  })

  test('signing in to vault afresh asks for the password, then the TOTP code', async ({ page }) => {
    const vaultToken = await tokenPostedTo(page, demo.vault)
    await page.goto(demo.vault)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByLabel('Email').fill(demo.alice.email)
    await page.getByLabel('Password').fill(demo.alice.password)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await expect(page.getByRole('heading', { name: 'Two-step verification' })).toBeVisible()

    await page.getByLabel('Code from your authenticator app').fill('000000')
    await page.getByRole('button', { name: 'Verify' }).click()
    await expect(page.getByRole('alert')).toHaveText('That code is not right. Try the current one.')

    // The next step's code: the enrolment already spent the current one.
    const next = await generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 })
    await page.getByLabel('Code from your authenticator app').fill(next)
    await page.getByRole('button', { name: 'Verify' }).click()
    await expect(page.getByText(`Signed in as ${demo.alice.email}`)).toBeVisible()
    expect(vaultToken().amr).toEqual(['pwd', 'otp', 'mfa'])
  })
})
