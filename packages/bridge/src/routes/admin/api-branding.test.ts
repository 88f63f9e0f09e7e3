/** An app's branding through the admin API, the config file and the export. */
import { describe, expect, it } from 'vitest'
import { applyConfig } from '../../config/apply-config.js'
import { parseConfig } from '../../config/load-config.js'
import { getApp } from '../../domain/apps.js'
import { createSecretBox } from '../../keys/secret-box.js'
import { apiBridge } from '../../testing/admin-api-test-kit.js'
import { memoryStorage, testConfig, testEnv } from '../../testing/bridge-fixture.js'
import { exportConfig } from '../../admin/export-config.js'

const GOOD = {
  displayName: 'Shop & Co <b>',
  logoUrl: 'https://cdn.example.com/logo.png',
  primaryColor: '#3056D3',
  backgroundColor: '#EEE',
  supportUrl: 'https://shop.example/help',
  privacyUrl: 'https://shop.example/privacy',
  termsUrl: 'https://shop.example/terms',
  defaultLocale: 'fr',
}

describe('admin API: app branding', () => {
  it('PATCH and PUT take branding, normalised, and GET shows it', async () => {
    const { bridge, call } = await apiBridge()
    const patched = await call('PATCH', '/apps/shop', { body: { branding: GOOD } })
    expect(patched.status).toBe(200)
    expect(patched.json.warnings).toBeUndefined()
    const stored = { ...GOOD, primaryColor: '#3056d3', backgroundColor: '#eeeeee' }
    expect(patched.json.app.branding).toEqual(stored)
    expect((await getApp(bridge.storage, 'shop'))?.branding).toEqual(stored)
    expect((await call('GET', '/apps/shop')).json.app.branding).toEqual(stored)

    const current = (await call('GET', '/apps/shop')).json.app
    const put = await call('PUT', '/apps/shop', {
      body: {
        callbackUrls: current.callbackUrls,
        connections: current.connections,
        signing: { alg: 'HS256' },
        branding: { displayName: 'Shop' },
      },
    })
    expect(put.status).toBe(200)
    expect((await getApp(bridge.storage, 'shop'))?.branding).toEqual({ displayName: 'Shop' })
    // An empty object removes it.
    expect((await call('PATCH', '/apps/shop', { body: { branding: {} } })).status).toBe(200)
    expect((await getApp(bridge.storage, 'shop'))?.branding).toBeUndefined()
  })

  it('adjusts a colour that fails contrast and answers with a warning naming both colours', async () => {
    const { bridge, call } = await apiBridge()
    const res = await call('PATCH', '/apps/shop', {
      body: { branding: { primaryColor: '#ffdd00' } },
    })
    expect(res.status).toBe(200)
    expect(res.json.warnings).toEqual([
      "Primary colour #ffdd00 was adjusted to #897600 for contrast 4.5:1 (it had 1.35:1 against the card's #ffffff)",
    ])
    expect((await getApp(bridge.storage, 'shop'))?.branding).toEqual({ primaryColor: '#897600' })
  })

  it.each([
    ['primaryColor', 'red', 'must be a hex colour'],
    ['primaryColor', '#12345g', 'must be a hex colour'],
    ['backgroundColor', 'expression(alert(1))', 'must be a hex colour'],
    ['backgroundColor', '#fff;}body{background:url(//evil)}', 'must be a hex colour'],
    ['supportUrl', 'javascript:alert(1)', 'must use https'],
    ['privacyUrl', 'http://shop.example/privacy', 'must use https'],
    ['logoUrl', 'data:image/svg+xml,<svg onload=alert(1)>', 'must use https'],
    ['displayName', 'x'.repeat(81), 'Too big'],
    ['displayName', 'Shop\u0007', 'must not contain control characters'],
    ['defaultLocale', 'xx', 'must be one of en, de, fr, es, ja'],
  ])('refuses %s %j with a 400 naming the field, and changes nothing', async (name, value, why) => {
    const { bridge, call } = await apiBridge()
    const before = await getApp(bridge.storage, 'shop')
    const res = await call('PATCH', '/apps/shop', { body: { branding: { [name]: value } } })
    expect(res.status).toBe(400)
    expect(res.json.error).toBe('invalid_request')
    expect(res.json.error_description).toContain(`branding.${name}: `)
    expect(res.json.error_description).toContain(why)
    expect(await getApp(bridge.storage, 'shop')).toEqual(before)
  })

  it('refuses an uploaded logo set by hand: only the logo endpoint stores one', async () => {
    const { call } = await apiBridge()
    const res = await call('PATCH', '/apps/shop', {
      body: { branding: { logoUploaded: { id: 'shop', hash: 'x', contentType: 'image/png' } } },
    })
    expect(res.status).toBe(400)
    expect(res.json.error_description).toContain('branding')
  })

  it('documents branding and warnings in the OpenAPI document', async () => {
    const { call } = await apiBridge()
    const doc = (await call('GET', '/openapi.json')).json
    const input = doc.components.schemas.AppInput
    expect(Object.keys(input.properties.branding.properties)).toEqual([
      'displayName',
      'logoUrl',
      'primaryColor',
      'backgroundColor',
      'supportUrl',
      'privacyUrl',
      'termsUrl',
      'defaultLocale',
    ])
    expect(JSON.stringify(doc.paths['/apps/{id}'].patch)).toContain('warnings')
  })
})

describe('config file: app branding', () => {
  const withBranding = (branding: Record<string, unknown>) => {
    const base = testConfig()
    return parseConfig(
      { ...base, apps: base.apps.map((a) => (a.id === 'shop' ? { ...a, branding } : a)) },
      testEnv,
    )
  }

  it('applies branding adjusted for contrast, and applying it again changes nothing', async () => {
    const storage = await memoryStorage()
    const box = createSecretBox(new Uint8Array(32))
    const config = withBranding({ ...GOOD, primaryColor: '#ffdd00' })
    expect(await applyConfig(storage, box, config)).toContain('created app shop')
    expect((await getApp(storage, 'shop'))?.branding).toMatchObject({
      primaryColor: '#897600',
      backgroundColor: '#eeeeee',
      displayName: 'Shop & Co <b>',
    })
    expect(await applyConfig(storage, box, config)).toEqual([])
    // The export writes it back as set (the adjusted colour), which applies as a no-op too.
    const { yaml } = await exportConfig(storage, 'http://localhost:4000')
    expect(yaml).toContain('primaryColor: "#897600"')
    expect(yaml).toContain('defaultLocale: fr')
  })

  it('refuses a bad colour with the path of the field', () => {
    expect(() => withBranding({ primaryColor: 'red' })).toThrow(/apps\[0\]\.branding\.primaryColor/)
  })
})
