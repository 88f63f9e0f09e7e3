import { expect, test, type Page } from '@playwright/test'
import { demo, siteRows } from './demo.js'

function countAuthorize(page: Page) {
  const seen: string[] = []
  page.on('request', (request) => {
    if (request.url().startsWith(`${demo.bridge}/authorize`)) seen.push(request.url())
  })
  return seen
}

test('silent SSO signs forum in on page load after shop signed in', async ({ page }) => {
  await page.goto(demo.shop)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.getByLabel('Email').fill(demo.alice.email)
  await page.getByLabel('Password').fill(demo.alice.password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByText(`Signed in as ${demo.alice.email}`)).toBeVisible()

  const trips = countAuthorize(page)
  await page.goto(`${demo.forum}/community`)
  // No click: the page went to the bridge with prompt=none and came back signed in.
  await expect(page.getByText(`Signed in as ${demo.alice.email}`)).toBeVisible()
  expect(page.url()).toBe(`${demo.forum}/community`)
  expect(trips).toHaveLength(1)
  expect(new URL(trips[0]!).searchParams.get('prompt')).toBe('none')
  expect(siteRows('forum').users.some((u) => u.email === demo.alice.email)).toBe(true)
})

test('silent SSO makes one quiet round trip at most when nobody is signed in', async ({ page }) => {
  const trips = countAuthorize(page)
  await page.goto(`${demo.forum}/community`)
  await expect(page).toHaveURL(`${demo.forum}/community`)
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible()
  await expect(page.getByRole('alert')).toHaveCount(0)
  // Give a loop every chance to show itself.
  await page.waitForTimeout(1500)
  expect(trips).toHaveLength(1)
  // Later pages of the same tab do not try again.
  await page.reload()
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible()
  await page.waitForTimeout(500)
  expect(trips).toHaveLength(1)
  expect(await (await page.request.get(`${demo.forum}/api/me`)).json()).toEqual({ user: null })
})
