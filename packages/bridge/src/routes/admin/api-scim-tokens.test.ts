/** /admin/api/connections/{id}/scim-tokens: shown once, stored hashed, scoped, revocable, audited. */
import { describe, expect, it } from 'vitest'
import { listAudit } from '../../domain/audit-log.js'
import { SCIM_TOKENS } from '../../domain/scim/scim-tokens.js'
import { apiBridge, corp } from '../../testing/admin-api-test-kit.js'
import { ISSUER, testConfig } from '../../testing/bridge-fixture.js'
import { jsonCall } from '../../testing/json-call.js'

async function bridgeWithCorp() {
  const base = testConfig()
  return apiBridge({
    config: testConfig({ connections: [...(base.connections as object[]), corp] }),
  })
}

const scimList = async (
  app: { request: (u: string, i: RequestInit) => Response | Promise<Response> },
  token: string,
) =>
  jsonCall(app, 'GET', `${ISSUER}/scim/v2/Users`, {
    bearer: token,
    contentType: 'application/json',
  })

describe('admin API: SCIM tokens', () => {
  it('creates a token shown once and kept as a hash, lists it, and revokes it', async () => {
    const { bridge, call } = await bridgeWithCorp()
    const created = await call('POST', '/connections/corp/scim-tokens', {
      body: { name: 'Entra ID' },
    })
    expect(created.status).toBe(201)
    const token = created.json.token as string
    expect(token).toMatch(/^scim_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/)
    expect(created.json.scimToken).toMatchObject({ connection: 'corp', name: 'Entra ID' })
    expect(created.json.scimToken).not.toHaveProperty('secretHash')
    const stored = JSON.stringify(await bridge.storage.list(SCIM_TOKENS))
    expect(stored).not.toContain(token.slice('scim_0123456789abcdef_'.length))

    const listed = await call('GET', '/connections/corp/scim-tokens')
    expect(listed.json.scimTokens).toHaveLength(1)
    expect(listed.text).not.toContain(token)
    expect((await scimList(bridge.app, token)).status).toBe(200)

    // A second token for rotation: both work until one is revoked.
    const second = (await call('POST', '/connections/corp/scim-tokens', { body: { name: 'next' } }))
      .json.token
    expect((await scimList(bridge.app, second)).status).toBe(200)

    const id = created.json.scimToken.id as string
    const revoked = await call('DELETE', `/connections/corp/scim-tokens/${id}`)
    expect(revoked.status).toBe(200)
    expect(revoked.json.scimToken.revokedAt).toBeGreaterThan(0)
    const refused = await scimList(bridge.app, token)
    expect(refused.status).toBe(401)
    expect((await scimList(bridge.app, second)).status).toBe(200)

    const events = (await listAudit(bridge.storage, { connection: 'corp' })).entries.map(
      (e) => e.event,
    )
    expect(events).toContain('connection.scim_token_created')
    expect(events).toContain('connection.scim_token_revoked')
    expect(JSON.stringify(await listAudit(bridge.storage, {}))).not.toContain(token)
  })

  it('refuses a local connection, an unknown one, a bad name, and keys without the scopes', async () => {
    const { call, key } = await bridgeWithCorp()
    const local = await call('POST', '/connections/staff/scim-tokens', { body: { name: 'x' } })
    expect(local.status).toBe(400)
    expect(local.json.error).toBe('invalid_request')
    expect(
      (await call('POST', '/connections/nope/scim-tokens', { body: { name: 'x' } })).status,
    ).toBe(404)
    const bad = await call('POST', '/connections/corp/scim-tokens', {
      body: { name: '', extra: 1 },
    })
    expect(bad.status).toBe(400)
    const malformed = await call('POST', '/connections/corp/scim-tokens', { raw: '{"name":' })
    expect(malformed.status).toBe(400)

    const connectionsOnly = await key(['connections:write'])
    const noUsers = await call('POST', '/connections/corp/scim-tokens', {
      body: { name: 'x' },
      key: connectionsOnly,
    })
    expect(noUsers.status).toBe(403)
    expect(noUsers.json.error).toBe('insufficient_scope')
    const reader = await key(['users:read'])
    expect((await call('GET', '/connections/corp/scim-tokens', { key: reader })).status).toBe(403)
    expect((await call('GET', '/connections/corp/scim-tokens', { key: null })).status).toBe(401)
    expect((await call('GET', '/connections/corp/scim-tokens')).json.scimTokens).toEqual([])
  })

  it("revokes nothing through another connection's path", async () => {
    const base = testConfig()
    const { call } = await apiBridge({
      config: testConfig({
        connections: [
          ...(base.connections as object[]),
          corp,
          { ...corp, id: 'other', issuer: 'https://other.example' },
        ],
      }),
    })
    const id = (await call('POST', '/connections/corp/scim-tokens', { body: { name: 'x' } })).json
      .scimToken.id
    expect((await call('DELETE', `/connections/other/scim-tokens/${id}`)).status).toBe(404)
    expect(
      (await call('GET', '/connections/corp/scim-tokens')).json.scimTokens[0].revokedAt,
    ).toBeUndefined()
  })
})
