/** The console's Branding fieldset, its contrast notice and the logo upload. */
import { describe, expect, it } from 'vitest'
import { getApp } from '../../domain/apps.js'
import { getBrandLogo } from '../../domain/brand-logos.js'
import { consoleBridge, formFields, post } from '../../testing/admin-console-test-kit.js'
import { ISSUER } from '../../testing/bridge-fixture.js'
import { PNG, SVG_WITH_SCRIPT, TEXT, TOO_LARGE } from '../../testing/brand-images.js'
import type { TestBrowser } from '../../testing/test-browser.js'

const PAGE = '/admin/apps/shop'

async function setUp() {
  const { bridge, signIn, csrfOf } = await consoleBridge()
  const { browser } = await signIn()
  /** The edit form as shown, with `changes` typed over it. */
  async function save(changes: Record<string, string>) {
    const form = formFields(await (await browser.get(PAGE)).text(), PAGE)
    // Checkboxes are not in formFields: the app's one connection, as shown ticked.
    return post(browser, PAGE, [
      ...Object.entries({ ...form, ...changes }),
      ['connections', 'staff'],
    ])
  }
  return { bridge, browser, save, csrf: await csrfOf(browser) }
}

/** A multipart POST as the browser's upload form sends it. */
async function upload(
  browser: TestBrowser,
  csrf: string,
  bytes: Buffer,
  type: string,
  name = 'logo.png',
) {
  const body = new FormData()
  body.set('csrf', csrf)
  body.set('logo', new File([new Uint8Array(bytes)], name, { type }))
  const cookie = [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
  return (browser as unknown as { app: { request: typeof fetch } }).app.request(
    `${ISSUER}${PAGE}/logo`,
    { method: 'POST', headers: { Origin: ISSUER, Cookie: cookie }, body },
  )
}

describe('console: app branding', () => {
  it('saves the Branding fieldset, shows the display name escaped, and says what contrast changed', async () => {
    const { bridge, browser, save } = await setUp()
    const res = await save({
      'branding.displayName': '<img src=x onerror=alert(1)>Shop',
      'branding.primaryColor': '#FFDD00',
      'branding.backgroundColor': '#fff',
      'branding.supportUrl': 'https://shop.example/help',
      'branding.defaultLocale': 'ja',
    })
    const html = await res.text()
    expect(res.status).toBe(200)
    expect(html).toContain('Primary colour #ffdd00 was adjusted to #897600 for contrast 4.5:1')
    expect((await getApp(bridge.storage, 'shop'))?.branding).toEqual({
      displayName: '<img src=x onerror=alert(1)>Shop',
      primaryColor: '#897600',
      backgroundColor: '#ffffff',
      supportUrl: 'https://shop.example/help',
      defaultLocale: 'ja',
    })
    const page = await (await browser.get(PAGE)).text()
    expect(page).toContain('value="&lt;img src=x onerror=alert(1)&gt;Shop"')
    expect(page).not.toContain('<img src=x')
    expect(formFields(page, PAGE)).toMatchObject({
      'branding.primaryColor': '#897600',
      'branding.defaultLocale': 'ja',
    })
    // Emptied fields remove the branding.
    await save({
      'branding.displayName': '',
      'branding.primaryColor': '',
      'branding.backgroundColor': '',
      'branding.supportUrl': '',
      'branding.defaultLocale': '',
    })
    expect((await getApp(bridge.storage, 'shop'))?.branding).toBeUndefined()
  })

  it.each([
    ['branding.primaryColor', 'red', 'must be a hex colour'],
    ['branding.backgroundColor', '#fff;}body{', 'must be a hex colour'],
    ['branding.termsUrl', 'javascript:alert(1)', 'must use https'],
    ['branding.privacyUrl', 'http://shop.example/privacy', 'must use https'],
  ])('refuses %s %j beside the field, changing nothing', async (name, value, why) => {
    const { bridge, save } = await setUp()
    const before = await getApp(bridge.storage, 'shop')
    const res = await save({ [name]: value })
    expect(res.status).toBe(400)
    const html = await res.text()
    expect(html).not.toContain('connections: ')
    expect(html).toContain(`${name}: `)
    expect(html).toContain(why)
    expect(html).toMatch(new RegExp(`id="f-${name.replace('.', '\\.')}"[^>]*aria-invalid="true"`))
    expect(await getApp(bridge.storage, 'shop')).toEqual(before)
  })

  it('uploads a logo (multipart with the console CSRF), shows it, and removes it', async () => {
    const { bridge, browser, csrf } = await setUp()
    const res = await upload(browser, csrf, PNG, 'image/png')
    expect(res.status).toBe(303)
    const logo = (await getApp(bridge.storage, 'shop'))?.branding?.logoUploaded
    expect(logo?.contentType).toBe('image/png')
    const page = await (await browser.get(PAGE)).text()
    expect(page).toContain(`src="/brand/logo/shop.${logo?.hash}.png"`)
    const removed = await post(browser, `${PAGE}/logo/delete`, { csrf })
    expect(removed.status).toBe(303)
    expect((await getApp(bridge.storage, 'shop'))?.branding).toBeUndefined()
  })

  it.each([
    ['text called a PNG', TEXT, 'image/png', 400, 'is not a PNG, JPEG, WebP or GIF image'],
    [
      'an SVG with script',
      SVG_WITH_SCRIPT,
      'image/svg+xml',
      400,
      'is an SVG, which can carry script',
    ],
    ['more than 256 KiB', TOO_LARGE, 'image/png', 413, 'is larger than 256 KiB'],
  ])('refuses %s on the app page', async (_, bytes, type, status, why) => {
    const { bridge, browser, csrf } = await setUp()
    const res = await upload(browser, csrf, bytes, type)
    expect(res.status).toBe(status)
    expect(await res.text()).toContain(why)
    expect(await getBrandLogo(bridge.storage, 'shop')).toBeUndefined()
  })

  it('refuses an upload without the CSRF token', async () => {
    const { bridge, browser } = await setUp()
    const res = await upload(browser, 'wrong', PNG, 'image/png')
    expect(res.status).toBe(403)
    expect(await getBrandLogo(bridge.storage, 'shop')).toBeUndefined()
  })

  it('previews the login page with branding not saved yet, where nothing can post', async () => {
    const { bridge, browser, csrf } = await setUp()
    const before = await getApp(bridge.storage, 'shop')
    const page = await (await browser.get(PAGE)).text()
    expect(page).toContain(`formaction="${PAGE}/preview"`)
    const res = await post(browser, `${PAGE}/preview`, {
      csrf,
      'branding.displayName': '<b>Shop</b> & Co',
      'branding.primaryColor': '#ffdd00',
      'branding.logoUrl': 'https://cdn.example.com/logo.png',
      'branding.termsUrl': 'https://shop.example/terms',
    })
    expect(res.status).toBe(200)
    const csp = res.headers.get('Content-Security-Policy') ?? ''
    expect(csp).toContain("form-action 'none'")
    expect(csp).toContain("img-src 'self' data: https://cdn.example.com;")
    expect(csp).not.toContain('unsafe-inline')
    const html = await res.text()
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1]
    expect(html).toContain(`<style nonce="${nonce}">`)
    expect(html).toContain('--accent:#897600')
    expect(html).toContain('Preview: nothing on this page signs in.')
    expect(html).toContain('name="password"')
    expect(html).toContain('&lt;b&gt;Shop&lt;/b&gt; &amp; Co')
    expect(html).not.toContain('<b>Shop</b>')
    expect(html).toContain('alt="&lt;b&gt;Shop&lt;/b&gt; &amp; Co"')
    expect(html).toContain('href="https://shop.example/terms"')
    expect(await getApp(bridge.storage, 'shop')).toEqual(before)
  })

  it('refuses a preview with a colour that is not one, and one without the CSRF token', async () => {
    const { bridge, browser, csrf } = await setUp()
    const before = await getApp(bridge.storage, 'shop')
    const bad = await post(browser, `${PAGE}/preview`, {
      csrf,
      'branding.primaryColor': 'expression(alert(1))',
    })
    expect(bad.status).toBe(400)
    const html = await bad.text()
    expect(html).toContain('branding.primaryColor: must be a hex colour')
    expect(html).not.toContain('expression(alert(1))</style>')
    expect((await post(browser, `${PAGE}/preview`, { csrf: 'wrong' })).status).toBe(403)
    expect(await getApp(bridge.storage, 'shop')).toEqual(before)
  })
})
