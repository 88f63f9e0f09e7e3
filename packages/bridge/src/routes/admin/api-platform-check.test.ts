import { describe, expect, it } from 'vitest'
import { apiBridge } from '../../testing/admin-api-test-kit.js'
import { integrationConfig } from '../../testing/integration-fixture.js'

const failing = (json: { results: { rule: string; pass: boolean }[] }) =>
  json.results.filter((r) => !r.pass).map((r) => r.rule)

describe('admin API: POST /apps/:id/check', () => {
  it("answers the report: every rule passes with the bridge's key, the signature fails with another", async () => {
    const { call } = await apiBridge({ config: integrationConfig() })
    const right = await call('POST', '/apps/academy/check', { body: {} })
    expect(right.status).toBe(200)
    expect(right.json).toMatchObject({ app: 'academy', failed: 0 })
    expect(right.json.results.length).toBeGreaterThan(0)

    const wrong = await call('POST', '/apps/academy/check', {
      body: { platformKey: 'wrong-secret-0123456789' },
    })
    expect(wrong.status).toBe(200)
    expect(failing(wrong.json)).toContain('signature')
    expect(wrong.text).not.toContain('wrong-secret-0123456789')

    const late = await call('POST', '/apps/help/check', { body: { clockOffsetSeconds: 300 } })
    expect(failing(late.json)).toContain('clock.iat')
  })

  it('refuses bad input naming the field, an unknown app, and a call without a key', async () => {
    const { call } = await apiBridge({ config: integrationConfig() })
    const long = await call('POST', '/apps/academy/check', {
      body: { platformKey: 'x'.repeat(9000) },
    })
    expect(long.status).toBe(400)
    expect(long.json.error).toBe('invalid_request')
    expect(long.json.error_description).toContain('platformKey')

    const soon = await call('POST', '/apps/academy/check', { body: { clockOffsetSeconds: 'soon' } })
    expect(soon.status).toBe(400)
    expect(soon.json.error_description).toContain('clockOffsetSeconds')

    const unknown = await call('POST', '/apps/nope/check', { body: {} })
    expect(unknown.status).toBe(404)
    expect(unknown.json.error).toBe('not_found')

    const anonymous = await call('POST', '/apps/academy/check', { body: {}, key: null })
    expect(anonymous.status).toBe(401)
  })
})
