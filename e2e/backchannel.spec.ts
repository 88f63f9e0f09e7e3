import { expect, test } from '@playwright/test'
import { demo, siteRows } from './demo.js'

test("signing out on shop ends forum's session through the back channel", async ({ page }) => {
  await page.goto(demo.shop)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.getByLabel('Email').fill(demo.alice.email)
  await page.getByLabel('Password').fill(demo.alice.password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByText(`Signed in as ${demo.alice.email}`)).toBeVisible()

  await page.goto(demo.forum)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByText(`Signed in as ${demo.alice.email}`)).toBeVisible()
  const me = () => page.request.get(`${demo.forum}/api/me`).then((r) => r.json())
  expect((await me()).user).toMatchObject({ email: demo.alice.email })

  await page.goto(demo.shop)
  await page.getByRole('button', { name: 'Sign out' }).click()
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible()

  // Forum never saw the browser again: the bridge told it, server to server.
  await expect.poll(async () => (await me()).user, { timeout: 10_000 }).toBeNull()
  expect(siteRows('forum').sessions).toBe(0)
  await page.goto(demo.forum)
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible()
})
