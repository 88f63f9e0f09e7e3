/**
 * The bridge's pages in the visitor's language, in Chromium against the demo: each language
 * renders a sign-in (from the browser's Accept-Language), and the pseudo-locale en-XA shows
 * every catalog string accented and bracketed, so text that bypasses the catalog stands out.
 */
import { expect, test, type Browser, type Page } from '@playwright/test'
import { catalogs } from '../packages/bridge/src/i18n/translations.js'
import { demo } from './demo.js'

async function loginPage(browser: Browser, locale: string): Promise<Page> {
  const context = await browser.newContext({ locale })
  const page = await context.newPage()
  await page.goto(demo.shop)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page).toHaveURL(new RegExp(`^${demo.bridge}/login`))
  return page
}

for (const [locale, catalog] of Object.entries(catalogs)) {
  test(`signs in in ${locale}`, async ({ browser }) => {
    const page = await loginPage(browser, locale === 'en' ? 'en-US' : locale)
    await expect(page.locator('html')).toHaveAttribute('lang', locale)
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(catalog.login.heading)
    await page.getByLabel(catalog.common.email, { exact: true }).fill(demo.alice.email)
    await page.getByLabel(catalog.common.password, { exact: true }).fill(demo.alice.password)
    await page.getByRole('button', { name: catalog.login.signIn, exact: true }).click()
    await expect(page.getByText(`Signed in as ${demo.alice.email}`)).toBeVisible()
    await page.context().close()
  })
}

/** The page's visible text with every catalog string (⟦…⟧) and the visitor's own data removed. */
async function untranslated(page: Page): Promise<string[]> {
  const text = await page.locator('body').innerText()
  return (
    text
      .replace(/⟦[^⟧]*⟧/g, ' ')
      // What is not the bridge's to translate: addresses, the demo's names, codes and references.
      .replace(/[\w.+-]+@[\w.-]+/g, ' ')
      .replace(/\b(Shop|Example Corp|Partner Inc|ssobridge)\b/g, ' ')
      .match(/[A-Za-z]{3,}/g) ?? []
  )
}

test('the pseudo-locale leaves no text outside the catalog on the visitor pages', async ({
  browser,
}) => {
  const page = await loginPage(browser, 'en-XA')
  await expect(page.locator('html')).toHaveAttribute('lang', 'en-XA')
  const seen: Record<string, string[]> = {}
  const check = async (name: string) => {
    await page.waitForLoadState('domcontentloaded')
    seen[name] = await untranslated(page)
  }
  await check('login')
  const login = page.url()
  // A refused password: the form again, with its error.
  await page.locator('#email').fill(demo.alice.email)
  await page.locator('#password').fill('not the password')
  await page.locator('button.primary').click()
  await check('login, wrong password')
  await page.goto(login)
  await page.locator('.member-links a').nth(1).click()
  await check('sign-up')
  await page.goto(login)
  await page.locator('.member-links a').first().click()
  await check('forgot password')
  await page.goto(login)
  await page.locator('#email').fill('nobody@example.com')
  await page.locator('button[formaction="/login/email-code"]').click()
  await check('email code')
  await page.goto(`${demo.bridge}/authorize?app=nope`)
  await check('error page')
  await page.goto(`${demo.bridge}/logout?app=shop`)
  await check('logout confirmation')
  expect(seen).toEqual(Object.fromEntries(Object.keys(seen).map((name) => [name, []])))
  await page.context().close()
})
