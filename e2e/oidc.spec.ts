import { expect, test } from '@playwright/test'
import { demo, signInThroughCorp, siteRows } from './demo.js'

test('signs in on shop through the company OIDC IdP, then on forum without a prompt', async ({
  page,
}) => {
  await page.goto(demo.shop)
  await signInThroughCorp(page, demo.carol)

  await expect(page.getByText(`Signed in as ${demo.carol.email}`)).toBeVisible()
  expect(page.url().startsWith(demo.shop)).toBe(true)
  const shopUser = siteRows('shop').users.find((u) => u.email === demo.carol.email)
  expect(shopUser).toMatchObject({ name: 'Carol Corp' })

  await page.goto(demo.forum)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByText(`Signed in as ${demo.carol.email}`)).toBeVisible()
  expect(siteRows('forum').users.find((u) => u.email === demo.carol.email)?.sub).toBe(shopUser?.sub)
})

test('routes a company email from the bridge login page to its IdP', async ({ page }) => {
  await page.goto(demo.shop)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.getByLabel('Email').fill(demo.carol.email)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page).toHaveURL(new RegExp(`^${demo.oidcIdp}/interaction/`))
  await expect(page.getByLabel('Email')).toHaveValue(demo.carol.email)
})
