import { describe, expect, it } from 'vitest'
import { acceptedAppSecrets } from '../../domain/app-secret-rotation.js'
import { getApp } from '../../domain/apps.js'
import { SHOP_SECRET } from '../../testing/bridge-fixture.js'
import { apiBridge } from '../../testing/admin-api-test-kit.js'
import { consoleBridge, formFields, post } from '../../testing/admin-console-test-kit.js'

describe('HS256 secret rotation in the API', () => {
  it('takes an optional grace period and returns the new secret once', async () => {
    const { bridge, call } = await apiBridge()
    const plain = await call('POST', '/apps/shop/secret')
    expect(plain.status).toBe(200)
    expect(plain.json.app.signing).toMatchObject({ previousSecret: '[sealed]' })
    const before = plain.json.secret as string

    const short = await call('POST', '/apps/shop/secret', { body: { graceSeconds: 600 } })
    expect(short.status).toBe(200)
    expect(short.json.app.signing.graceUntil - Date.now()).toBeLessThanOrEqual(600_000)
    const app = (await getApp(bridge.storage, 'shop'))!
    expect(acceptedAppSecrets(bridge.services.box, app, Date.now())).toEqual([
      short.json.secret,
      before,
    ])
    expect((await call('GET', '/apps/shop')).text).not.toContain(short.json.secret)
  })

  it('refuses a grace period over 7 days and unknown fields, naming the path', async () => {
    const { call } = await apiBridge()
    const long = await call('POST', '/apps/shop/secret', { body: { graceSeconds: 8 * 86400 } })
    expect(long.status).toBe(400)
    expect(long.json.error).toBe('invalid_request')
    expect(long.json.error_description).toMatch(/^graceSeconds: /)
    const unknown = await call('POST', '/apps/shop/secret', { body: { grace: 1 } })
    expect(unknown.status).toBe(400)
    expect(unknown.json.error_description).toContain('grace')
  })

  it('documents the body in the OpenAPI document', async () => {
    const { call } = await apiBridge()
    const doc = (await call('GET', '/openapi.json', { key: null })).json
    const body = doc.paths['/apps/{id}/secret'].post.requestBody
    expect(body.required).toBe(false)
    expect(body.content['application/json'].schema.properties.graceSeconds).toMatchObject({
      type: 'integer',
      maximum: 604800,
    })
  })
})

describe('HS256 secret rotation in the console', () => {
  it('generates a new secret with the chosen grace period, shown once', async () => {
    const { bridge, signIn } = await consoleBridge()
    const { browser } = await signIn()
    const page = await (await browser.get('/admin/apps/shop')).text()
    const form = formFields(page, '/admin/apps/shop/secret')
    expect(form.graceSeconds).toBe('86400')
    const response = await post(browser, '/admin/apps/shop/secret', {
      ...form,
      graceSeconds: '3600',
      confirm: 'on',
    })
    expect(response.status).toBe(200)
    const html = await response.text()
    const secret = /id="copy-\d+" type="text" readonly="" value="([A-Za-z0-9_-]{43})"/.exec(
      html,
    )?.[1]
    expect(secret).toBeDefined()
    expect(html).toContain('The previous secret stays accepted until')
    const app = (await getApp(bridge.storage, 'shop'))!
    expect(acceptedAppSecrets(bridge.services.box, app, Date.now())).toEqual([secret, SHOP_SECRET])
    expect(await (await browser.get('/admin/apps/shop')).text()).not.toContain(secret)

    const bad = await post(browser, '/admin/apps/shop/secret', {
      ...form,
      graceSeconds: '9999999',
      confirm: 'on',
    })
    expect(bad.status).toBe(400)
  })
})
