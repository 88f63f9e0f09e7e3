/**
 * Issue 17: a visitor with only a keyboard signs in, signs up and passes a TOTP step. Nothing is
 * clicked or filled: Tab, Enter and Space move through the pages, text is typed into whatever has
 * the focus, and every Tab stop shows where the focus is. Links from emails are opened by address
 * (a mail client's job, not the page's).
 */
import { expect, test, type Page } from '@playwright/test'
import { generate } from 'otplib'
import { demo } from './demo.js'

interface MailboxMessage {
  id: string
  to: string[]
  subject: string
  text: string
}

async function verificationLink(page: Page, to: string) {
  let found: MailboxMessage | undefined
  await expect
    .poll(
      async () => {
        const messages = (await (
          await page.request.get(`${demo.mailbox}/messages.json`)
        ).json()) as MailboxMessage[]
        found = messages.find((m) => m.to.includes(to) && /Confirm your email/.test(m.subject))
        return Boolean(found)
      },
      { timeout: 15_000 },
    )
    .toBe(true)
  const link = /https?:\/\/\S+\/verify-email\?token=[A-Za-z0-9_-]+/.exec(found!.text)
  if (!link) throw new Error(`no verification link in ${found!.text}`)
  return link[0]
}

/** The focused element: what it is, and whether its focus can be seen (outline or shadow). */
const focused = (page: Page) =>
  page.evaluate(() => {
    const e = document.activeElement as HTMLElement | null
    if (!e || e === document.body) return { name: '', what: 'nothing', visible: false }
    const style = getComputedStyle(e)
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0
    const label = e.id ? document.querySelector(`label[for="${e.id}"]`)?.textContent : undefined
    const name = (e.getAttribute('aria-label') || label || e.textContent || '').trim()
    return {
      name,
      what: `${e.tagName.toLowerCase()} "${name.slice(0, 40)}"`,
      visible: outline || style.boxShadow !== 'none',
    }
  })

/** One Tab, and the focus it lands on must be visible. */
async function tab(page: Page) {
  await page.keyboard.press('Tab')
  const now = await focused(page)
  expect(now.visible, `focus not visible on ${now.what} (${page.url()})`).toBe(true)
  return now
}

/** Tabs (each stop visible) until the focus is on the element named `name`. */
async function tabTo(page: Page, name: string) {
  for (let i = 0; i < 25; i++) if ((await tab(page)).name === name) return
  throw new Error(`Tab never reached "${name}" on ${page.url()}`)
}

test('a password sign-in on shop, keyboard only', async ({ page }) => {
  await page.goto(demo.shop)
  await tabTo(page, 'Sign in')
  await page.keyboard.press('Enter')
  await expect(page).toHaveURL(new RegExp(`^${demo.bridge}/login`))
  // The email field has the focus already; Tab goes on to the password.
  await expect(page.getByLabel('Email')).toBeFocused()
  await page.keyboard.type(demo.alice.email)
  await tab(page)
  await expect(page.getByLabel('Password')).toBeFocused()
  await page.keyboard.type(demo.alice.password)
  await page.keyboard.press('Enter')
  await expect(page.getByText(`Signed in as ${demo.alice.email}`)).toBeVisible()
})

test('a wrong password: the error is announced and the focus is on the password again', async ({
  page,
}) => {
  await page.goto(demo.shop)
  await tabTo(page, 'Sign in')
  await page.keyboard.press('Enter')
  await expect(page.getByLabel('Email')).toBeFocused()
  await page.keyboard.type(demo.alice.email)
  await tab(page)
  await page.keyboard.type('not the password')
  await page.keyboard.press('Enter')
  await expect(page.getByRole('alert')).toBeVisible()
  const password = page.getByLabel('Password')
  await expect(password).toBeFocused()
  await expect(password).toHaveAccessibleDescription(await page.getByRole('alert').innerText())
})

test('a sign-up on vault and its TOTP enrolment, keyboard only', async ({ page }) => {
  const member = {
    email: `keyboard-${Date.now()}@example.org`,
    name: 'Kim Keyboard',
    password: `password of kim ${Date.now()}`,
  }
  await page.goto(demo.vault)
  await tabTo(page, 'Sign in')
  await page.keyboard.press('Enter')
  await expect(page).toHaveURL(new RegExp(`^${demo.bridge}/login`))
  await tabTo(page, 'Create an account')
  await page.keyboard.press('Enter')

  await expect(page.getByRole('heading', { name: 'Create an account' })).toBeVisible()
  await expect(page.getByLabel('Email')).toBeFocused()
  await page.keyboard.type(member.email)
  await tab(page)
  await expect(page.getByLabel('Name')).toBeFocused()
  await page.keyboard.type(member.name)
  await tab(page)
  await expect(page.getByLabel('Password')).toBeFocused()
  await page.keyboard.type(member.password)
  await page.keyboard.press('Enter')
  await expect(page.getByRole('heading', { name: 'Check your email' })).toBeVisible()

  await page.goto(await verificationLink(page, member.email))
  await expect(page.getByRole('button', { name: 'Confirm my email' })).toBeFocused()
  await page.keyboard.press('Enter')

  // Vault asks for a second factor: the code field has the focus.
  await expect(page.getByRole('heading', { name: 'Set up two-step verification' })).toBeVisible()
  const secret = (await page.locator('[data-totp-secret]').textContent()) ?? ''
  await expect(page.getByLabel('Code from your authenticator app')).toBeFocused()
  await page.keyboard.type(await generate({ secret }))
  await page.keyboard.press('Enter')
  await expect(page.getByRole('heading', { name: 'Save your recovery codes' })).toBeVisible()
  await tabTo(page, 'Continue to Vault')
  await page.keyboard.press('Space')
  await expect(page.getByText(`Signed in as ${member.email}`)).toBeVisible()
})
