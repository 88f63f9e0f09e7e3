import { describe, expect, it } from 'vitest'
import { manualClock } from '../storage/storage.conformance.js'
import { memoryStorage } from '../testing/bridge-fixture.js'
import { AUDIT_RETENTION_DAYS, exportAudit, listAudit, recordAudit } from './audit-log.js'

const admin = { type: 'admin', id: 'a1', label: 'root@example.com' } as const

async function seeded() {
  const clock = manualClock(1_800_000_000_000)
  const storage = await memoryStorage(clock.now)
  const at = (i: number) => clock.now() + i * 1000
  for (let i = 0; i < 30; i++) {
    await recordAudit(
      storage,
      {
        event: i % 3 === 0 ? 'sign_in.failed' : 'sign_in.succeeded',
        actor: { type: 'user', id: `u${i % 5}` },
        app: i % 2 ? 'shop' : 'forum',
        connection: 'staff',
        user: `u${i % 5}`,
        reason: i % 3 === 0 ? 'invalid_credentials' : undefined,
      },
      at(i),
    )
  }
  await recordAudit(storage, { event: 'app.updated', actor: admin, app: 'shop' }, at(30))
  return { storage, clock, at }
}

describe('audit log', () => {
  it('lists newest first and pages with a cursor, without gaps or repeats', async () => {
    const { storage, at } = await seeded()
    const first = await listAudit(storage, {}, { limit: 10 })
    expect(first.entries[0]).toMatchObject({ event: 'app.updated', at: at(30), actor: admin })
    expect(first.entries.map((e) => e.at)).toEqual(
      [...first.entries.map((e) => e.at)].sort().reverse(),
    )
    const seen = [...first.entries]
    let cursor = first.nextCursor
    while (cursor) {
      const page = await listAudit(storage, {}, { limit: 10, cursor })
      seen.push(...page.entries)
      cursor = page.nextCursor
    }
    expect(seen).toHaveLength(31)
    expect(new Set(seen.map((e) => e.id)).size).toBe(31)
  })

  it('filters by app, connection, user, actor, event family and time', async () => {
    const { storage, at } = await seeded()
    const list = async (filter: Parameters<typeof listAudit>[1]) =>
      (await listAudit(storage, filter, { limit: 1000 })).entries
    expect(await list({ app: 'shop' })).toHaveLength(16)
    expect((await list({ user: 'u2' })).every((e) => e.user === 'u2')).toBe(true)
    expect(await list({ user: 'u2' })).toHaveLength(6)
    expect(await list({ user: 'u2', app: 'shop' })).toHaveLength(3)
    expect(await list({ actor: 'admin:a1' })).toHaveLength(1)
    expect(await list({ event: 'sign_in.failed' })).toHaveLength(10)
    expect(await list({ event: 'sign_in' })).toHaveLength(30)
    expect(await list({ event: 'sign' })).toHaveLength(0)
    const window = await list({ since: at(10), until: at(19) })
    expect(window.map((e) => e.at)).toEqual(Array.from({ length: 10 }, (_, i) => at(19 - i)))
    expect(await list({ connection: 'staff', since: at(28) })).toHaveLength(2)
    expect(await list({ app: 'nope' })).toEqual([])
  })

  it('keeps index keys apart whatever the ids contain', async () => {
    const { storage } = await seeded()
    await recordAudit(storage, { event: 'app.created', actor: { type: 'cli', id: 'a|b' } })
    await recordAudit(storage, { event: 'app.created', actor: { type: 'cli', id: 'a' } })
    expect((await listAudit(storage, { actor: 'cli:a' })).entries).toHaveLength(1)
    expect((await listAudit(storage, { actor: 'cli:a|b' })).entries).toHaveLength(1)
  })

  it('exports every match and forgets entries after the retention period', async () => {
    const { storage, clock } = await seeded()
    const all = []
    for await (const entry of exportAudit(storage, { app: 'forum' })) all.push(entry)
    expect(all).toHaveLength(15)
    clock.advance(AUDIT_RETENTION_DAYS * 24 * 3600 * 1000 + 60_000)
    expect((await listAudit(storage, {})).entries).toEqual([])
    expect((await listAudit(storage, { app: 'shop' })).entries).toEqual([])
  })
})
