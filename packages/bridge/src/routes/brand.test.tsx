/** GET /brand/<app>.<hash>.css and the brand pieces a page renders. */
import { describe, expect, it } from 'vitest'
import { getApp, APPS } from '../domain/apps.js'
import { createTestBridge, ISSUER } from '../testing/bridge-fixture.js'
import { pageCsp, withImgSrc } from '../views/content-security-policy.js'
import {
  BrandFooter,
  BrandHeader,
  BrandStyle,
  brandImageOrigins,
  brandStyleHref,
} from '../views/brand.js'

async function branded(branding: Record<string, unknown>) {
  const bridge = await createTestBridge()
  const app = (await getApp(bridge.storage, 'shop'))!
  await bridge.storage.set(APPS, 'shop', { ...app, branding })
  return { bridge, app: { ...app, branding } }
}

const get = (bridge: Awaited<ReturnType<typeof createTestBridge>>, path: string) =>
  bridge.app.request(`${ISSUER}${path}`)

describe('brand stylesheet', () => {
  it('serves the colours as custom properties, text/css, immutable for a year', async () => {
    const { bridge, app } = await branded({ primaryColor: '#3056d3', backgroundColor: '#ffdd00' })
    const href = brandStyleHref(app)!
    expect(href).toMatch(/^\/brand\/shop\.[A-Za-z0-9_-]{16}\.css$/)
    const res = await get(bridge, href)
    expect(res.status).toBe(200)
    expect(res.headers.get('Content-Type')).toBe('text/css; charset=utf-8')
    expect(res.headers.get('Cache-Control')).toBe('public, max-age=31536000, immutable')
    expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff')
    const css = await res.text()
    expect(css).toContain('--accent:#3056d3;--on-accent:#ffffff')
    expect(css).toContain('--bg:#ffdd00;--on-bg:#1d2330')
    // Only #rrggbb colours as values: nothing else an admin typed.
    const values = [...css.matchAll(/--[a-z-]+:([^;}]+)/g)].map((m) => m[1])
    expect(values.length).toBeGreaterThan(8)
    expect(css.replace(/#[0-9a-f]{6}/g, '')).not.toMatch(/#/)
    for (const value of values) expect(value).toMatch(/^#[0-9a-f]{6}$/)
    expect(css).not.toMatch(/url\(|expression|@import|\\/)
  })

  it('has no stylesheet without branding, and answers 404 for an old hash, another app or junk', async () => {
    const { bridge, app } = await branded({ primaryColor: '#3056d3' })
    const href = brandStyleHref(app)!
    expect(brandStyleHref({ ...app, branding: { defaultLocale: 'de' } })).toBeUndefined()
    // A display name alone has a sheet (placing the header) without any colour in it.
    const named = await branded({ displayName: 'Shop' })
    const sheet = await (await get(named.bridge, brandStyleHref(named.app)!)).text()
    expect(sheet).toContain('.brand-header{')
    expect(sheet).not.toContain('--accent')
    expect(brandStyleHref({ ...app, branding: undefined })).toBeUndefined()
    const changed = brandStyleHref({ ...app, branding: { primaryColor: '#123456' } })!
    expect(changed).not.toBe(href)
    for (const path of [
      changed,
      href.replace('/shop.', '/forum.'),
      '/brand/shop.css',
      '/brand/..%2Fshop.aaaaaaaaaaaaaaaa.css',
      '/brand/SHOP.aaaaaaaaaaaaaaaa.css',
    ])
      expect((await get(bridge, path)).status).toBe(404)
  })

  it('renders the display name as text, the logo with it as alt, and only the links set', () => {
    const app = {
      id: 'shop',
      name: 'Shop',
      branding: {
        displayName: '<script>alert(1)</script> & Co',
        logoUrl: 'https://cdn.example.com/logo.png',
        supportUrl: 'https://shop.example/help',
        termsUrl: 'https://shop.example/terms',
        primaryColor: '#3056d3',
      },
    }
    const header = String(<BrandHeader app={app} />)
    expect(header).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co')
    expect(header).not.toContain('<script>')
    expect(header).toContain('alt="&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co"')
    expect(header).toContain('src="https://cdn.example.com/logo.png"')
    const footer = String(<BrandFooter app={app} />)
    expect(footer).toContain('href="https://shop.example/help"')
    expect(footer).toContain('href="https://shop.example/terms"')
    expect(footer).not.toContain('Privacy')
    expect(String(<BrandStyle app={app} nonce="n0nce" />)).toMatch(
      /^<link rel="stylesheet" href="\/brand\/shop\.[\w-]{16}\.css" nonce="n0nce"\/?>$/,
    )
    expect(brandImageOrigins(app)).toEqual(['https://cdn.example.com'])
    expect(withImgSrc(pageCsp('n'), brandImageOrigins(app))).toContain(
      "img-src 'self' data: https://cdn.example.com; form-action 'self'",
    )
    expect(String(<BrandHeader app={{ ...app, branding: undefined }} />)).toBe('')
    expect(String(<BrandFooter app={{ ...app, branding: undefined }} />)).toBe('')
  })
})
