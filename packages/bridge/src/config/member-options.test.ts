import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { connectionAsConfig } from '../admin/config-views.js'
import { getConnection } from '../domain/connections.js'
import { createSecretBox } from '../keys/secret-box.js'
import { memoryStorage } from '../testing/bridge-fixture.js'
import { applyConfig } from './apply-config.js'
import { parseConfig } from './load-config.js'

const base = (local: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  issuer: 'http://localhost:4000',
  connections: [{ id: 'members', type: 'local', ...local }],
  ...extra,
})
const smtp = { smtp: { url: 'smtp://127.0.0.1:2525', from: 'Sign-in <signin@example.com>' } }
const problem = (raw: unknown, env = {}) => {
  try {
    parseConfig(raw, env)
  } catch (error) {
    return String((error as Error).message)
  }
  return undefined
}

describe('member options of local connections', () => {
  it('default to off, with no SMTP needed', () => {
    const config = parseConfig(base({}), {})
    expect(config.connections[0]).toMatchObject({
      signup: 'off',
      passwordless: 'off',
      requireVerifiedEmail: false,
    })
  })

  it('take open, a domain list, each passwordless mode and requireVerifiedEmail with SMTP', () => {
    for (const signup of ['open', { domains: ['example.com', 'example.org'] }])
      for (const passwordless of ['code', 'link', 'both'])
        expect(
          parseConfig(base({ signup, passwordless, requireVerifiedEmail: true }, smtp), {})
            .connections[0],
        ).toMatchObject({ signup, passwordless, requireVerifiedEmail: true })
  })

  it('are refused without SMTP, naming how to set it; SSOBRIDGE_SMTP_URL is enough', () => {
    for (const local of [
      { signup: 'open' },
      { passwordless: 'code' },
      { requireVerifiedEmail: true },
    ])
      expect(problem(base(local))).toMatch(/smtp\.url in the config file or SSOBRIDGE_SMTP_URL/)
    expect(
      problem(base({ signup: 'open' }), {
        SSOBRIDGE_SMTP_URL: 'smtp://127.0.0.1:2525',
      }),
    ).toBeUndefined()
  })

  it('refuse unknown values, empty and malformed domain lists', () => {
    for (const local of [
      { signup: 'yes' },
      { signup: { domains: [] } },
      { signup: { domains: ['not a domain'] } },
      { signup: { domains: ['example.com'], extra: 1 } },
      { passwordless: 'sms' },
      { requireVerifiedEmail: 'true' },
    ])
      expect(problem(base(local, smtp))).toBeDefined()
  })

  it('are stored on the connection record and exported as written', async () => {
    const storage = await memoryStorage()
    const box = createSecretBox(randomBytes(32))
    const local = {
      signup: { domains: ['example.com'] },
      passwordless: 'both',
      requireVerifiedEmail: true,
    }
    await applyConfig(storage, box, parseConfig(base(local, smtp), {}))
    const record = await getConnection(storage, 'members')
    expect(record).toMatchObject(local)
    expect(connectionAsConfig(record!)).toMatchObject({ id: 'members', type: 'local', ...local })
  })
})
