/**
 * The member journeys of issue 16 in Chromium, against the demo as `npm start` runs it: the
 * shop's sign-in allows sign-up and passwordless sign-in, and every email lands in the demo
 * mailbox, read here through its /messages.json.
 */
import { expect, test, type Page } from '@playwright/test'
import { demo } from './demo.js'
import { linkIn, nextMessage, seen } from './demo-mailbox.js'

async function openShopSignIn(page: Page) {
  await page.goto(demo.shop)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page).toHaveURL(new RegExp(`^${demo.bridge}/login`))
}

const member = {
  email: `member-${Date.now()}@example.org`,
  name: 'Maya Member',
  password: 'first password of maya',
}

test.describe.serial('members: sign-up, reset, passwordless', () => {
  test('signs up, confirms the email and lands on the shop signed in', async ({ page }) => {
    await openShopSignIn(page)
    await page.getByRole('link', { name: 'Create an account' }).click()
    await page.getByLabel('Email').fill(member.email)
    await page.getByLabel('Name').fill(member.name)
    await page.getByLabel('Password').fill(member.password)
    await page.getByRole('button', { name: 'Create account' }).click()
    await expect(page.getByRole('heading', { name: 'Check your email' })).toBeVisible()

    const message = await nextMessage(page, member.email, /Confirm your email for Shop/)
    await page.goto(linkIn(message, '/verify-email'))
    await page.getByRole('button', { name: 'Confirm my email' }).click()
    await expect(page.getByText(`Signed in as ${member.email}`)).toBeVisible()
    expect(page.url().startsWith(demo.shop)).toBe(true)
  })

  test('resets a forgotten password: signed in again, the other browser signed out', async ({
    browser,
  }) => {
    // The member is signed in on one browser...
    const first = await browser.newContext()
    const firstPage = await first.newPage()
    await openShopSignIn(firstPage)
    await firstPage.getByLabel('Email').fill(member.email)
    await firstPage.getByLabel('Password').fill(member.password)
    await firstPage.getByRole('button', { name: 'Sign in' }).click()
    await expect(firstPage.getByText(`Signed in as ${member.email}`)).toBeVisible()

    // ...and forgets the password on another.
    const second = await browser.newContext()
    const page = await second.newPage()
    await openShopSignIn(page)
    await page.getByRole('link', { name: 'Forgot your password?' }).click()
    await page.getByLabel('Email').fill(member.email)
    await page.getByRole('button', { name: 'Send reset link' }).click()
    await expect(page.getByRole('heading', { name: 'Check your email' })).toBeVisible()
    const message = await nextMessage(page, member.email, /Reset your password for Shop/)
    await page.goto(linkIn(message, '/reset-password'))
    member.password = 'second password of maya'
    await page.getByLabel('New password').fill(member.password)
    await page.getByRole('button', { name: 'Set password' }).click()
    await expect(page.getByText(`Signed in as ${member.email}`)).toBeVisible()

    // The first browser's shop session ended through back-channel logout.
    await expect
      .poll(
        async () => {
          await firstPage.reload()
          return firstPage.getByText(`Signed in as ${member.email}`).count()
        },
        { timeout: 15_000 },
      )
      .toBe(0)
    await first.close()
    await second.close()
  })

  test('signs in with an emailed code', async ({ page }) => {
    await openShopSignIn(page)
    await page.getByLabel('Email').fill(member.email)
    const before = await seen(page)
    await page.getByRole('button', { name: 'Email me a sign-in code' }).click()
    await expect(page.getByText('we sent a 6-digit code to')).toBeVisible()
    const message = await nextMessage(
      page,
      member.email,
      /^Your sign-in code for Shop: \d{6}$/,
      before,
    )
    const code = /: (\d{6})$/.exec(message.subject)![1]!
    await page.getByLabel('Code').fill(code)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await expect(page.getByText(`Signed in as ${member.email}`)).toBeVisible()
  })

  test('a magic link signs in only the browser that asked for it', async ({ browser }) => {
    const asking = await browser.newContext()
    const page = await asking.newPage()
    await openShopSignIn(page)
    await page.getByLabel('Email').fill(member.email)
    const before = await seen(page)
    await page.getByRole('button', { name: 'Email me a sign-in code' }).click()
    await expect(page.getByText('we sent a 6-digit code to')).toBeVisible()
    const sent = await nextMessage(page, member.email, /^Your sign-in code for Shop/, before)
    const link = linkIn(sent, '/login/link')

    const other = await browser.newContext()
    const elsewhere = await other.newPage()
    await elsewhere.goto(link)
    await elsewhere.getByRole('button', { name: 'Sign in' }).click()
    await expect(
      elsewhere.getByRole('heading', { name: 'Open the link where you started' }),
    ).toBeVisible()

    await page.goto(link)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await expect(page.getByText(`Signed in as ${member.email}`)).toBeVisible()
    await other.close()
    await asking.close()
  })
})
