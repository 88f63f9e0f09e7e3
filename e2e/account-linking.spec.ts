import { expect, test } from '@playwright/test'
import { demo, signInThroughCorp } from './demo.js'

test('links a company identity to the existing account after signing in to it, then unlinks it', async ({
  page,
}) => {
  // Erin has a local account; her first sign-in through the company IdP brings the same email.
  await page.goto(demo.shop)
  await signInThroughCorp(page, demo.erin)

  await expect(
    page.getByRole('heading', { name: 'An account with this email already exists' }),
  ).toBeVisible()
  await expect(page.getByRole('button', { name: 'Continue as a separate account' })).toBeVisible()
  await page.getByRole('button', { name: 'Sign in to link' }).click()

  // The existing account's own sign-in; the company IdP is not offered again here.
  await expect(
    page.getByText('Sign in to your existing account to link Example Corp to it.'),
  ).toBeVisible()
  await expect(page.getByRole('link', { name: 'Continue with Example Corp' })).toHaveCount(0)
  await page.getByLabel('Email').fill(demo.erin.email)
  await page.getByLabel('Password').fill(demo.erin.password)
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
  await expect(page.getByText(`Signed in as ${demo.erin.email}`)).toBeVisible()
  expect(page.url().startsWith(demo.shop)).toBe(true)

  await page.goto(`${demo.bridge}/account/identities`)
  const methods = page.getByRole('list', { name: 'Sign-in methods' })
  await expect(methods.getByRole('listitem')).toHaveCount(2)
  await expect(methods.getByText('Example staff')).toBeVisible()
  await expect(methods.getByText('Example Corp')).toBeVisible()
  await page.getByRole('button', { name: 'Unlink Example Corp' }).click()
  await expect(page.getByRole('status')).toHaveText(
    'Unlinked. That sign-in no longer opens this account.',
  )
  await expect(methods.getByRole('listitem')).toHaveCount(1)
  await expect(methods.getByText('Example Corp')).toHaveCount(0)
})
