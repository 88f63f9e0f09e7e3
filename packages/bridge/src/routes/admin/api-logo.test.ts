/** PUT and DELETE /admin/api/apps/{id}/logo, and the logo served at /brand/logo/…. */
import { describe, expect, it } from 'vitest'
import { getApp } from '../../domain/apps.js'
import { getBrandLogo } from '../../domain/brand-logos.js'
import { exportConfig } from '../../admin/export-config.js'
import { apiBridge } from '../../testing/admin-api-test-kit.js'
import { ISSUER } from '../../testing/bridge-fixture.js'
import { GIF, PNG, SVG_WITH_SCRIPT, TEXT, TOO_LARGE } from '../../testing/brand-images.js'

async function upload(
  call: Awaited<ReturnType<typeof apiBridge>>['call'],
  bytes: Buffer,
  type: string,
  options: { key?: string } = {},
) {
  return call('PUT', '/apps/shop/logo', {
    raw: bytes as unknown as string,
    headers: { 'Content-Type': type },
    ...options,
  })
}

describe('admin API: app logo', () => {
  it('stores a PNG, names it on the branding, and serves it as an image, immutable', async () => {
    const { bridge, call } = await apiBridge()
    const res = await upload(call, PNG, 'image/png')
    expect(res.status).toBe(200)
    const logo = res.json.app.branding.logoUploaded
    expect(logo).toEqual({
      id: 'shop',
      hash: expect.stringMatching(/^[\w-]{16}$/),
      contentType: 'image/png',
    })
    expect((await getBrandLogo(bridge.storage, 'shop'))?.data).toBe(PNG.toString('base64'))
    const served = await bridge.app.request(`${ISSUER}/brand/logo/shop.${logo.hash}.png`)
    expect(served.status).toBe(200)
    expect(served.headers.get('Content-Type')).toBe('image/png')
    expect(served.headers.get('X-Content-Type-Options')).toBe('nosniff')
    expect(served.headers.get('Content-Security-Policy')).toMatch(/^default-src 'none'/)
    expect(served.headers.get('Cache-Control')).toBe('public, max-age=31536000, immutable')
    expect(Buffer.from(await served.arrayBuffer()).equals(PNG)).toBe(true)
    // Another extension or hash is no URL of it.
    for (const path of [
      `shop.${logo.hash}.gif`,
      'shop.aaaaaaaaaaaaaaaa.png',
      `forum.${logo.hash}.png`,
    ])
      expect((await bridge.app.request(`${ISSUER}/brand/logo/${path}`)).status).toBe(404)

    // Edits of the app keep it; the export leaves it out (it is an image, not a setting).
    const patched = await call('PATCH', '/apps/shop', {
      body: { branding: { displayName: 'Shop' } },
    })
    expect(patched.json.app.branding).toEqual({ displayName: 'Shop', logoUploaded: logo })
    expect((await exportConfig(bridge.storage, ISSUER)).yaml).not.toContain('logoUploaded')

    // A new image gets a new URL; DELETE removes it and the old URL answers 404.
    const replaced = await upload(call, GIF, 'image/gif')
    expect(replaced.json.app.branding.logoUploaded.contentType).toBe('image/gif')
    const removed = await call('DELETE', '/apps/shop/logo')
    expect(removed.status).toBe(200)
    expect(removed.json.app.branding).toEqual({ displayName: 'Shop' })
    expect(await getBrandLogo(bridge.storage, 'shop')).toBeUndefined()
    const hash = replaced.json.app.branding.logoUploaded.hash
    expect((await bridge.app.request(`${ISSUER}/brand/logo/shop.${hash}.gif`)).status).toBe(404)
  })

  it.each([
    [
      'text sent as image/png',
      TEXT,
      'image/png',
      400,
      'logo: is not a PNG, JPEG, WebP or GIF image',
    ],
    [
      'an SVG with script',
      SVG_WITH_SCRIPT,
      'image/svg+xml',
      400,
      'logo: is an SVG, which can carry script',
    ],
    [
      'an SVG sent as image/png',
      SVG_WITH_SCRIPT,
      'image/png',
      400,
      'logo: is an SVG, which can carry script',
    ],
    [
      'a PNG sent as image/jpeg',
      PNG,
      'image/jpeg',
      400,
      'logo: is image/png, not image/jpeg as sent',
    ],
    ['an empty body', Buffer.alloc(0), 'image/png', 400, 'logo: is empty'],
    ['more than 256 KiB', TOO_LARGE, 'image/png', 413, 'larger than 256 KiB'],
  ])('refuses %s and changes nothing', async (_, bytes, type, status, why) => {
    const { bridge, call } = await apiBridge()
    const before = await getApp(bridge.storage, 'shop')
    const res = await upload(call, bytes, type)
    expect(res.status).toBe(status)
    expect(res.json.error_description).toContain(why)
    expect(await getApp(bridge.storage, 'shop')).toEqual(before)
    expect(await getBrandLogo(bridge.storage, 'shop')).toBeUndefined()
  })

  it('needs apps:write, and an app that exists', async () => {
    const { call, key } = await apiBridge()
    expect((await upload(call, PNG, 'image/png', { key: await key(['apps:read']) })).status).toBe(
      403,
    )
    expect((await upload(call, PNG, 'image/png', { key: null as unknown as string })).status).toBe(
      401,
    )
    const missing = await call('PUT', '/apps/nope/logo', {
      raw: PNG as unknown as string,
      headers: { 'Content-Type': 'image/png' },
    })
    expect(missing.status).toBe(404)
    const doc = (await call('GET', '/openapi.json')).json
    expect(Object.keys(doc.paths['/apps/{id}/logo'].put.requestBody.content)).toContain(
      'image/webp',
    )
  })
})
