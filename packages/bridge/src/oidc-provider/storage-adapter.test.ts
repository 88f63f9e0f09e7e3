import type { AdapterPayload } from 'oidc-provider'
import { describe, expect, expectTypeOf, it } from 'vitest'
import { sha256 } from '../domain/secret-hash.js'
import { memoryStorage } from '../testing/bridge-fixture.js'
import { createOpStore } from './storage-adapter.js'

const epoch = () => Math.floor(Date.now() / 1000)

describe("oidc-provider's records on the bridge's storage", () => {
  it('keeps records under the hash of their id, and sessions findable by uid', async () => {
    const storage = await memoryStorage()
    const store = createOpStore(storage, async () => undefined)
    const sessions = store.adapter('Session')
    await sessions.upsert('session-id', { uid: 'uid-1', accountId: 'alice' }, 60)
    expect(await storage.get('op:Session', 'session-id')).toBeUndefined()
    const stored = await storage.get('op:Session', sha256('session-id'))
    // Every model's namespace holds what oidc-provider hands the adapter.
    expectTypeOf(stored).toEqualTypeOf<AdapterPayload | undefined>()
    expect(stored).toMatchObject({ uid: 'uid-1' })
    expect(await sessions.findByUid('uid-1')).toMatchObject({ accountId: 'alice' })
    await store.destroySessionByUid('uid-1')
    expect(await sessions.find('session-id')).toBeUndefined()
  })

  it('consumes a code once, even racing; the loser revokes the grant', async () => {
    const storage = await memoryStorage()
    const store = createOpStore(storage, async () => undefined)
    const codes = store.adapter('AuthorizationCode')
    const tokens = store.adapter('RefreshToken')
    const grants = store.adapter('Grant')
    await grants.upsert('grant-1', { accountId: 'alice' }, 600)
    await codes.upsert('code-1', { grantId: 'grant-1', exp: epoch() + 60 }, 60)
    await tokens.upsert('rt-1', { grantId: 'grant-1', exp: epoch() + 600 }, 600)
    await store.rememberJwtAccessToken('jti-1', 'grant-1', epoch() + 300, 'alice')

    const results = await Promise.allSettled([codes.consume('code-1'), codes.consume('code-1')])
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected'])
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult
    expect(refused.reason).toMatchObject({ error: 'invalid_grant' })
    // Everything of the grant is gone: the grant, its refresh token, its access token's record.
    expect(await grants.find('grant-1')).toBeUndefined()
    expect(await tokens.find('rt-1')).toBeUndefined()
    expect(await store.jwtAccessToken('jti-1')).toBeUndefined()
  })

  it('marks a consumed record, and revokes by grant id', async () => {
    const storage = await memoryStorage()
    const store = createOpStore(storage, async () => undefined)
    const tokens = store.adapter('RefreshToken')
    await tokens.upsert('rt-a', { grantId: 'g', exp: epoch() + 600 }, 600)
    await tokens.upsert('rt-b', { grantId: 'other', exp: epoch() + 600 }, 600)
    await tokens.consume('rt-a')
    expect((await tokens.find('rt-a'))?.consumed).toBeTypeOf('number')
    await tokens.revokeByGrantId('g')
    expect(await tokens.find('rt-a')).toBeUndefined()
    expect(await tokens.find('rt-b')).toBeDefined()
  })

  it('serves clients from the apps and never stores one', async () => {
    const storage = await memoryStorage()
    const store = createOpStore(storage, async (id) =>
      id === 'crm' ? { client_id: 'crm' } : undefined,
    )
    const clients = store.adapter('Client')
    expect(await clients.find('crm')).toEqual({ client_id: 'crm' })
    expect(await clients.find('other')).toBeUndefined()
    await expect(clients.upsert('x', { client_id: 'x' })).rejects.toThrow()
  })
})
