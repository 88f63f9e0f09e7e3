/** The member options of a local connection through the admin API: signup, passwordless, requireVerifiedEmail. */
import { parse } from 'yaml'
import { afterEach, describe, expect, it } from 'vitest'
import { exportConfig } from '../../admin/export-config.js'
import { listAudit } from '../../domain/audit-log.js'
import { getConnection } from '../../domain/connections.js'
import { apiBridge, corp } from '../../testing/admin-api-test-kit.js'
import { ISSUER, testConfig } from '../../testing/bridge-fixture.js'

const closing: (() => Promise<unknown>)[] = []
afterEach(async () => {
  while (closing.length) await closing.pop()!()
})

/** No mail server is reached: nothing here sends, SMTP only has to be configured. */
const SMTP = { url: 'smtp://127.0.0.1:2525', from: 'Sign-in <signin@example.com>' }

async function setUp(options: { smtp?: boolean } = {}) {
  const base = testConfig()
  const api = await apiBridge({
    config: {
      ...base,
      connections: [...base.connections, corp],
      ...(options.smtp === false ? {} : { smtp: SMTP }),
    },
  })
  closing.push(() => api.bridge.services.emailSender.stop())
  return api
}

const members = {
  id: 'members',
  type: 'local',
  signup: { domains: ['example.com', 'example.org'] },
  passwordless: 'both',
  requireVerifiedEmail: true,
}

describe('admin API: member options of local connections', () => {
  it('creates a local connection with them, shows, patches and exports them', async () => {
    const { call, bridge } = await setUp()
    const created = await call('POST', '/connections', { body: members })
    expect(created.status).toBe(201)
    expect(created.json).toMatchObject({
      signup: { domains: ['example.com', 'example.org'] },
      passwordless: 'both',
      requireVerifiedEmail: true,
    })
    expect((await call('GET', '/connections/members')).json.connection.passwordless).toBe('both')

    const patched = await call('PATCH', '/connections/members', {
      body: { signup: 'open', passwordless: 'code' },
    })
    expect(patched.status).toBe(200)
    expect(await getConnection(bridge.storage, 'members')).toMatchObject({
      signup: 'open',
      passwordless: 'code',
      requireVerifiedEmail: true,
    })
    const { entries } = await listAudit(bridge.storage, { event: 'connection.updated' })
    expect(entries[0]).toMatchObject({
      connection: 'members',
      before: { passwordless: 'both' },
      after: { passwordless: 'code', signup: 'open' },
    })

    // The export keeps them, and applies again (with SMTP set) to the same options.
    const { yaml } = await exportConfig(bridge.storage, ISSUER)
    const exported = (parse(yaml) as { connections: Record<string, unknown>[] }).connections
    expect(exported.find((c) => c.id === 'members')).toMatchObject({
      signup: 'open',
      passwordless: 'code',
      requireVerifiedEmail: true,
    })

    // Turning them all off again is always allowed.
    const off = await call('PATCH', '/connections/members', {
      body: { signup: 'off', passwordless: 'off', requireVerifiedEmail: false },
    })
    expect(off.json).toMatchObject({ signup: 'off', passwordless: 'off' })
  })

  it('refuses an unknown mode, naming the field', async () => {
    const { call } = await setUp()
    for (const [body, path] of [
      [{ ...members, signup: 'everyone' }, 'signup'],
      [{ ...members, passwordless: 'sms' }, 'passwordless'],
      [{ ...members, requireVerifiedEmail: 'yes' }, 'requireVerifiedEmail'],
      [{ ...members, signup: { domains: [] } }, 'signup'],
      [{ ...members, signup: { domains: ['example.com'], extra: 1 } }, 'signup'],
    ] as const) {
      const refused = await call('POST', '/connections', { body })
      expect(refused.status, JSON.stringify(body)).toBe(400)
      expect(refused.json.error).toBe('invalid_request')
      expect(refused.json.error_description).toMatch(new RegExp(`^${path}`))
    }
    expect((await call('GET', '/connections/members')).status).toBe(404)
  })

  it('refuses sign-up domains that are not domains', async () => {
    const { call } = await setUp()
    for (const domain of ['not a domain', 'https://example.com', '@example.com', 'EXAMPLE.COM']) {
      const refused = await call('POST', '/connections', {
        body: { ...members, signup: { domains: ['example.com', domain] } },
      })
      expect(refused.status, domain).toBe(400)
      expect(refused.json.error_description).toMatch(/^signup\.domains\[1\]: /)
    }
  })

  it('refuses the options on an OIDC connection', async () => {
    const { call, bridge } = await setUp()
    for (const body of [
      { signup: 'open' },
      { passwordless: 'code' },
      { requireVerifiedEmail: true },
    ]) {
      const refused = await call('PATCH', '/connections/corp', { body })
      expect(refused.status).toBe(400)
      expect(refused.json.error_description).toMatch(new RegExp(Object.keys(body)[0]!))
    }
    expect(await getConnection(bridge.storage, 'corp')).not.toHaveProperty('signup')
  })

  it('without SMTP refuses each option as the config file does, and allows them off', async () => {
    const { call, bridge } = await setUp({ smtp: false })
    for (const [option, path] of [
      [{ signup: 'open' }, 'signup'],
      [{ passwordless: 'link' }, 'passwordless'],
      [{ requireVerifiedEmail: true }, 'requireVerifiedEmail'],
    ] as const) {
      const refused = await call('POST', '/connections', {
        body: { id: 'members', type: 'local', ...option },
      })
      expect(refused.status).toBe(400)
      expect(refused.json.error_description).toBe(
        `${path}: signup, passwordless and requireVerifiedEmail send email: set smtp.url in the config file or SSOBRIDGE_SMTP_URL (see docs/email.md)`,
      )
    }
    const plain = await call('POST', '/connections', {
      body: { id: 'members', type: 'local', signup: 'off', passwordless: 'off' },
    })
    expect(plain.status).toBe(201)
    expect((await call('PATCH', '/connections/members', { body: { signup: 'open' } })).status).toBe(
      400,
    )
    expect(await getConnection(bridge.storage, 'members')).toMatchObject({ signup: 'off' })
  })

  it('are in the OpenAPI document’s ConnectionInput', async () => {
    const { call } = await setUp()
    const doc = (await call('GET', '/openapi.json', { key: null })).json
    const input = JSON.stringify(doc.components.schemas.ConnectionInput)
    for (const option of ['signup', 'passwordless', 'requireVerifiedEmail'])
      expect(input).toContain(`"${option}"`)
    expect(input).toContain('"both"')
  })
})
