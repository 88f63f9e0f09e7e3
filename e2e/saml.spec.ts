import { expect, test } from '@playwright/test'
import { demo, siteRows } from './demo.js'

test('signs in on shop through the partner SAML IdP, then on forum without a prompt', async ({
  page,
}) => {
  await page.goto(demo.shop)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.getByRole('link', { name: 'Continue with Partner Inc' }).click()

  // HTTP-Redirect binding to the IdP, which verified our AuthnRequest and shows its own page.
  await expect(page).toHaveURL(new RegExp(`^${demo.samlIdp}/sso\\?SAMLRequest=`))
  await page.getByLabel('Email').fill(demo.dana.email)
  await page.getByLabel('Password').fill(demo.dana.password)
  await page.getByRole('button', { name: 'Sign in' }).click()

  // The IdP's cross-site POST to the ACS carries no bridge cookie; the finish step does.
  await expect(page.getByText(`Signed in as ${demo.dana.email}`)).toBeVisible()
  expect(page.url().startsWith(demo.shop)).toBe(true)
  const shopUser = siteRows('shop').users.find((u) => u.email === demo.dana.email)
  expect(shopUser).toMatchObject({ name: 'Dana Partner' })

  await page.goto(demo.forum)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByText(`Signed in as ${demo.dana.email}`)).toBeVisible()
  expect(siteRows('forum').users.find((u) => u.email === demo.dana.email)?.sub).toBe(shopUser?.sub)
})

test('routes a partner email from the bridge login page to the SAML IdP', async ({ page }) => {
  await page.goto(demo.shop)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.getByLabel('Email').fill(demo.dana.email)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page).toHaveURL(new RegExp(`^${demo.samlIdp}/sso\\?SAMLRequest=`))
})

test('publishes SP metadata ready to paste into an IdP', async ({ request }) => {
  const response = await request.get(`${demo.bridge}/connections/partner/saml/metadata`)
  expect(response.status()).toBe(200)
  const xml = await response.text()
  expect(xml).toContain(`entityID="${demo.bridge}/connections/partner/saml/metadata"`)
  expect(xml).toContain(`Location="${demo.bridge}/connections/partner/saml/acs"`)
})
