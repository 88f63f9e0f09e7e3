/**
 * The console's "Check against <platform>": the admin runs the platform's rules on a real
 * sign-in of a user and sees each rule pass or fail, with what to change; a wrong key and a
 * platform clock ahead of the bridge's are caught.
 */
import { describe, expect, it } from 'vitest'
import { applyConfig } from '../../config/apply-config.js'
import { parseConfig } from '../../config/load-config.js'
import { consoleBridge, formFields, post } from '../../testing/admin-console-test-kit.js'
import { testConfig, testEnv } from '../../testing/bridge-fixture.js'

const KEY = 'zendesk-shared-secret-0123456789'

async function withZendesk() {
  const kit = await consoleBridge()
  const base = testConfig()
  const config = parseConfig(
    {
      ...base,
      apps: [
        ...base.apps,
        {
          id: 'help',
          preset: 'zendesk',
          callbackUrls: ['http://127.0.0.1:4008/access/jwt'],
          connections: ['staff'],
          signing: { secret: KEY },
        },
      ],
    },
    testEnv,
  )
  await applyConfig(kit.bridge.storage, kit.bridge.services.box, config)
  const { browser } = await kit.signIn()
  async function check(fields: Record<string, string>) {
    const page = await (await browser.get('/admin/apps/help/check')).text()
    const response = await post(browser, '/admin/apps/help/check', {
      ...formFields(page, '/admin/apps/help/check'),
      ...fields,
    })
    return { status: response.status, html: await response.text() }
  }
  return { ...kit, browser, check }
}

const row = (html: string, rule: string) =>
  new RegExp(`<code>${rule.replace('.', '\\.')}</code></td><td>(PASS|FAIL)</td>`).exec(html)?.[1]

describe('console: check against the platform', () => {
  it('passes every rule with the key the platform has, and shows what it would receive', async () => {
    const { check } = await withZendesk()
    const { status, html } = await check({})
    expect(status).toBe(200)
    expect(html).toContain('Zendesk would accept it')
    expect(row(html, 'signature')).toBe('PASS')
    expect(row(html, 'clock.iat')).toBe('PASS')
    expect(html).toContain('alice@example.com')
  })

  it('catches a wrong secret, with what to change', async () => {
    const { check } = await withZendesk()
    const { html } = await check({ platformKey: 'not-the-secret-zendesk-has-0123' })
    expect(html).toContain('Zendesk would refuse it')
    expect(row(html, 'signature')).toBe('FAIL')
    expect(html).not.toContain('not-the-secret-zendesk-has-0123')
  })

  it("catches a platform clock 5 minutes ahead of the bridge's (Zendesk takes 3)", async () => {
    const { check } = await withZendesk()
    const { html } = await check({ clockOffsetSeconds: '300' })
    expect(row(html, 'clock.iat')).toBe('FAIL')
    expect(row(html, 'signature')).toBe('PASS')
  })

  it('refuses bad input on the form and apps without a preset', async () => {
    const { check, browser } = await withZendesk()
    const bad = await check({ clockOffsetSeconds: 'soon' })
    expect(bad.status).toBe(400)
    expect(bad.html).not.toContain('would accept')
    const unknown = await check({ user: 'nobody@example.com' })
    expect(unknown.status).toBe(400)
    expect((await browser.get('/admin/apps/shop/check')).status).toBe(404)
    expect((await browser.get('/admin/apps/missing/check')).status).toBe(404)
  })
})
