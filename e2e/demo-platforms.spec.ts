/**
 * The demo's two platforms that take no JWT in a query: Community speaks DiscourseConnect (a
 * signed payload and a nonce round trip), Store takes a BigCommerce Customer Login token in its
 * URL path for a customer the bridge found or created through the store's Customers API.
 */
import { expect, test } from '@playwright/test'
import { demo } from './demo.js'

const { email, password } = demo.alice

test('Community: the DiscourseConnect round trip through the bridge', async ({ page }) => {
  const replies: string[] = []
  page.on('request', (r) => {
    if (r.url().startsWith(`${demo.community}/session/sso_login`)) replies.push(r.url())
  })
  await page.goto(demo.community)
  await page.getByRole('link', { name: 'Log in' }).click()
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByText(`Signed in as Alice Example (${email})`)).toBeVisible()
  expect(replies).toHaveLength(1)
  const sso = new URL(replies[0]!).searchParams.get('sso')!
  const fields = Object.fromEntries(new URLSearchParams(Buffer.from(sso, 'base64').toString()))
  expect(fields).toMatchObject({ email, name: 'Alice Example', username: 'alice' })
  expect(fields.external_id).toMatch(/\S/)
})

test('Store: BigCommerce Customer Login with a customer made through its API', async ({ page }) => {
  const tokens: string[] = []
  page.on('request', (r) => {
    if (r.url().startsWith(`${demo.store}/login/token/`)) tokens.push(r.url())
  })
  await page.goto(demo.store)
  await page.getByRole('link', { name: 'Sign in with SSO' }).click()
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByText(`Signed in as Alice Example (${email})`)).toBeVisible()
  expect(new URL(page.url()).pathname).toBe('/account.php')
  expect(tokens).toHaveLength(1)
  const [header, claims] = new URL(tokens[0]!).pathname
    .slice('/login/token/'.length)
    .split('.')
    .slice(0, 2)
    .map((p) => JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>)
  expect(header).toEqual({ alg: 'HS256', typ: 'JWT' })
  expect(claims).toMatchObject({ operation: 'customer_login', customer_id: expect.any(Number) })
  // The store takes a token once: the same URL again lands on its login page.
  await page.goto(tokens[0]!)
  await expect(page.getByText('Invalid login.')).toBeVisible()
})
