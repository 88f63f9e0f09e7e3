import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import Database from 'better-sqlite3'
import { demo, demoDataDir } from './demo.js'

/** What the shop received and verified for one user, from its own database, oldest first. */
function shopEvents(sub: string): { type: string; detail: string | null }[] {
  const db = new Database(join(demoDataDir, 'shop.db'), { readonly: true, fileMustExist: true })
  try {
    return db
      .prepare('SELECT type, detail FROM webhook_events WHERE sub = ? ORDER BY rowid')
      .all(sub) as { type: string; detail: string | null }[]
  } finally {
    db.close()
  }
}

test('the shop hears of a session through signed webhooks and lists them on /events', async ({
  page,
}) => {
  await page.goto(demo.shop)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.getByLabel('Email').fill(demo.alice.email)
  await page.getByLabel('Password').fill(demo.alice.password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByText(`Signed in as ${demo.alice.email}`)).toBeVisible()
  const { user } = (await (await page.request.get(`${demo.shop}/api/me`)).json()) as {
    user: { sub: string }
  }
  const before = shopEvents(user.sub).filter((e) => e.type === 'session.ended').length

  await page.getByRole('link', { name: 'events it received' }).click()
  await expect(page).toHaveURL(`${demo.shop}/events`)
  // Delivered by the bridge's outbox in the background: the page shows it once it has come.
  await expect
    .poll(
      async () => {
        await page.reload()
        return page.locator('tr[data-event-type="session.started"]', { hasText: 'you' }).count()
      },
      { timeout: 20_000 },
    )
    .toBeGreaterThan(0)

  await page.goto(demo.shop)
  await page.getByRole('button', { name: 'Sign out' }).click()
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible()
  await expect
    .poll(() => shopEvents(user.sub).filter((e) => e.type === 'session.ended'), {
      timeout: 20_000,
    })
    .toHaveLength(before + 1)
  expect(shopEvents(user.sub).at(-1)).toEqual({ type: 'session.ended', detail: 'reason: logout' })
})
