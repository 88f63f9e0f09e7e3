import { decodeJwt } from 'jose'
import { describe, expect, it } from 'vitest'
import { listAudit } from '../../domain/audit-log.js'
import { apiBridge } from '../../testing/admin-api-test-kit.js'
import { signInWithPassword } from '../../testing/bridge-fixture.js'
import { captureLogs } from '../../testing/log-capture.js'
import { readForm } from '../../testing/test-browser.js'

async function setUp() {
  const logs = captureLogs()
  const api = await apiBridge({ logger: logs.logger })
  const alice = (await api.bridge.storage.list('user'))[0]!.key
  const signIn = async () => {
    const response = await signInWithPassword(api.bridge.browser())
    return decodeJwt(readForm(await response.text()).fields.token!).sid as string
  }
  return { ...api, logs, alice, signIn }
}

describe('admin API: a user’s sessions', () => {
  it('lists, ends one, ends all, audited with the API key', async () => {
    const { call, alice, signIn } = await setUp()
    const first = await signIn()
    const second = await signIn()
    const listed = await call('GET', `/users/${alice}/sessions`)
    expect(listed.status).toBe(200)
    expect(listed.json.sessions.map((s: { sid: string }) => s.sid).sort()).toEqual(
      [first, second].sort(),
    )
    expect(listed.json.sessions[0]).toMatchObject({
      connection: 'staff',
      apps: [{ id: 'shop', name: 'Shop' }],
    })
    expect(JSON.stringify(listed.json)).not.toMatch(/hash|userId/)

    const one = await call('DELETE', `/users/${alice}/sessions/${first}`)
    expect(one.status).toBe(204)
    const left = await call('GET', `/users/${alice}/sessions`)
    expect(left.json.sessions.map((s: { sid: string }) => s.sid)).toEqual([second])

    const all = await call('DELETE', `/users/${alice}/sessions`)
    expect(all.json).toEqual({ ended: 1 })
    expect((await call('GET', `/users/${alice}/sessions`)).json.sessions).toEqual([])
  })

  it('deletes a user', async () => {
    const { call, alice, signIn, bridge } = await setUp()
    await signIn()
    const deleted = await call('DELETE', `/users/${alice}`)
    expect(deleted.status).toBe(204)
    expect((await call('GET', `/users/${alice}`)).status).toBe(404)
    expect((await call('GET', `/users/${alice}/sessions`)).status).toBe(404)
    const { entries } = await listAudit(bridge.storage, { event: 'user.deleted' })
    expect(entries).toEqual([
      expect.objectContaining({ actor: expect.objectContaining({ type: 'api_key' }) }),
    ])
  })

  it('refuses a key without the scope, with its code, and changes nothing', async () => {
    const { call, key, alice, signIn, logs } = await setUp()
    const sid = await signIn()
    const readOnly = await key(['users:read'])
    const none = await key(['apps:read'])
    logs.clear()
    for (const [method, path, withKey] of [
      ['GET', `/users/${alice}/sessions`, none],
      ['DELETE', `/users/${alice}/sessions`, readOnly],
      ['DELETE', `/users/${alice}/sessions/${sid}`, readOnly],
      ['DELETE', `/users/${alice}`, readOnly],
    ] as const) {
      const refused = await call(method, path, { key: withKey })
      expect(refused.status, `${method} ${path}`).toBe(403)
      expect(refused.json.error).toBe('insufficient_scope')
      expect(logs.lines.find((l) => l.reason)?.reason).toBe('scope_missing')
      logs.clear()
    }
    expect((await call('GET', `/users/${alice}/sessions`)).json.sessions).toHaveLength(1)
    expect((await call('GET', `/users/${alice}`)).status).toBe(200)
    expect((await call('GET', `/users/${alice}/sessions`, { key: null })).status).toBe(401)
  })

  it('refuses bad input with a clear 4xx and changes nothing', async () => {
    const { call, alice, signIn, logs } = await setUp()
    const sid = await signIn()
    const other = await call('POST', '/users', {
      body: { connection: 'staff', email: 'bob@example.com' },
    })
    const bob = other.json.user.id as string
    logs.clear()
    const cases: [string, string, number, string][] = [
      ['DELETE', `/users/${bob}/sessions/${sid}`, 404, 'session_unknown'],
      ['DELETE', `/users/${alice}/sessions/${'A'.repeat(22)}`, 404, 'session_unknown'],
      ['DELETE', `/users/${alice}/sessions/${'%00'.repeat(3)}`, 404, 'session_unknown'],
      ['DELETE', `/users/${alice}/sessions/${'x'.repeat(300)}`, 404, 'session_unknown'],
      ['GET', '/users/nobody/sessions', 404, 'unspecified'],
      ['DELETE', '/users/bad%20id/sessions', 404, 'unspecified'],
      ['DELETE', `/users/${'u'.repeat(100)}`, 404, 'unspecified'],
    ]
    for (const [method, path, status, reason] of cases) {
      const refused = await call(method, path)
      expect(refused.status, `${method} ${path}`).toBe(status)
      expect(refused.json.error, `${method} ${path}`).toBe('not_found')
      expect(logs.lines.find((l) => l.reason)?.reason, `${method} ${path}`).toBe(reason)
      logs.clear()
    }
    expect((await call('GET', `/users/${alice}/sessions`)).json.sessions).toHaveLength(1)
    expect((await call('GET', `/users/${bob}`)).status).toBe(200)
  })
})
