import { describe, expect, it } from 'vitest'
import { createTestBridge, testConfig } from '../testing/bridge-fixture.js'
import { openLogin } from '../testing/member-test-kit.js'

const branded = () => {
  const base = testConfig()
  const [shop, ...apps] = base.apps
  return {
    ...base,
    apps: [
      {
        ...shop,
        branding: {
          displayName: '<b>Shop</b> & Co',
          logoUrl: 'https://cdn.shop.example/logo.png',
          primaryColor: '#0b5394',
          supportUrl: 'https://shop.example/help',
          privacyUrl: 'https://shop.example/privacy',
          defaultLocale: 'de',
        },
      },
      ...apps,
    ],
  }
}

describe('the login page of a branded app', () => {
  it('links the brand stylesheet under the nonce, shows the logo, name and links as text', async () => {
    const bridge = await createTestBridge({ config: branded() })
    const browser = bridge.browser()
    const query = new URLSearchParams({ app: 'shop', state: 's', ui_locales: 'en' })
    const start = await browser.get(`/authorize?${query}`)
    const page = await browser.get(start.headers.get('Location')!)
    const html = await page.text()
    const nonce = /<style nonce="([^"]+)"/.exec(html)![1]
    expect(html).toMatch(
      new RegExp(
        `<link rel="stylesheet" href="/brand/shop\\.[A-Za-z0-9_-]+\\.css" nonce="${nonce}"`,
      ),
    )
    expect(html).toContain(
      'src="https://cdn.shop.example/logo.png" alt="&lt;b&gt;Shop&lt;/b&gt; &amp; Co"',
    )
    expect(html).not.toContain('<b>Shop</b>')
    expect(html).toContain('href="https://shop.example/help"')
    expect(html).toContain('href="https://shop.example/privacy"')
    // The https logo's origin, and only it, joins img-src.
    expect(page.headers.get('Content-Security-Policy')).toContain(
      "img-src 'self' data: https://cdn.shop.example;",
    )
    const css = await browser.get(/href="(\/brand\/shop\.[A-Za-z0-9_-]+\.css)"/.exec(html)![1]!)
    expect(css.status).toBe(200)
    expect(await css.text()).toContain('#0b5394')
  })

  it("speaks the app's default language when neither the site nor the browser says one", async () => {
    const bridge = await createTestBridge({ config: branded() })
    const { html } = await openLogin(bridge.browser())
    expect(html).toContain('<html lang="de" dir="ltr">')
    const english = bridge.browser()
    const start = await english.get('/authorize?app=shop&state=s')
    const page = await english.get(start.headers.get('Location')!, { 'Accept-Language': 'en-GB' })
    expect(await page.text()).toContain('<html lang="en" dir="ltr">')
  })

  it('an unbranded app gets the plain page, with no brand header or extra img-src', async () => {
    const bridge = await createTestBridge()
    const browser = bridge.browser()
    const start = await browser.get('/authorize?app=shop&state=s')
    const page = await browser.get(start.headers.get('Location')!)
    const html = await page.text()
    expect(html).not.toContain('brand-header')
    expect(html).not.toContain('/brand/')
    expect(page.headers.get('Content-Security-Policy')).toContain("img-src 'self' data:;")
  })
})

describe("the admin's wording", () => {
  it('replaces a string in its language only, and markup in it is shown as text', async () => {
    const bridge = await createTestBridge({
      config: testConfig({
        strings: { de: { 'login.heading': '<i>Willkommen</i> zurück' } },
      }),
    })
    const get = async (language: string) => {
      const browser = bridge.browser()
      const start = await browser.get('/authorize?app=shop&state=s')
      const page = await browser.get(start.headers.get('Location')!, {
        'Accept-Language': language,
      })
      return page.text()
    }
    const german = await get('de-DE')
    expect(german).toContain('<h1>&lt;i&gt;Willkommen&lt;/i&gt; zurück</h1>')
    expect(await get('en')).toContain('<h1>Sign in</h1>')
  })
})
