/**
 * A user disabled on one bridge is refused at once by another sharing the Postgres database: the
 * read cache keeps apps, connections and keys, never users or sessions, so the other instance's
 * next read of the user sees the change without waiting for any notification.
 */
import { randomBytes } from 'node:crypto'
import { afterAll, describe, expect, it } from 'vitest'
import { READ_MOSTLY_NAMESPACES } from '../storage/read-mostly.js'
import { createPostgresStorage } from '../storage/postgres.js'
import type { Storage } from '../storage/types.js'
import { adminServicesOf } from '../routes/admin/api.js'
import {
  authorizeUrl,
  createTestBridge,
  FORUM_CALLBACK,
  signInWithPassword,
} from '../testing/bridge-fixture.js'
import { findPostgresTestDatabase } from '../testing/postgres-test-database.js'
import { readForm } from '../testing/test-browser.js'

const postgres = await findPostgresTestDatabase()
const ADMIN = { type: 'admin' as const, id: 'adm_1' }

describe.runIf(postgres.available)('disabling a user across instances', () => {
  const storages: Storage[] = []
  const drops: (() => Promise<void>)[] = []
  afterAll(async () => {
    await Promise.all(storages.map((s) => s.close()))
    await Promise.all(drops.map((drop) => drop()))
  })

  async function open(schema: string) {
    const storage = await createPostgresStorage({ connectionString: postgres.url, schema })
    storages.push(storage)
    await storage.migrate()
    return storage
  }

  it('refuses sign-in and session reuse on the other instance immediately', async () => {
    const schema = await postgres.createSchema({ create: false })
    drops.push(schema.drop)
    const masterKey = randomBytes(32)
    const a = await createTestBridge({ storage: await open(schema.name), masterKey })
    const b = await createTestBridge({ storage: await open(schema.name), masterKey })
    expect(READ_MOSTLY_NAMESPACES).not.toContain('user')
    expect(READ_MOSTLY_NAMESPACES).not.toContain('session')

    // Alice is signed in on A, and A has just reused her session (its caches are warm).
    const onA = a.browser()
    expect((await signInWithPassword(onA)).status).toBe(200)
    const warm = await onA.get(authorizeUrl({ app: 'forum', redirect_uri: FORUM_CALLBACK }))
    expect(warm.status).toBe(200)
    const alice = (await a.storage.list('user'))[0]!.key

    await adminServicesOf(b.services).users.setDisabled(ADMIN, alice, true)

    // No wait of any kind: the very next requests to A are refused.
    const reuse = await onA.get(authorizeUrl({ app: 'forum', redirect_uri: FORUM_CALLBACK }))
    expect(reuse.status).toBe(302)
    expect(reuse.headers.get('Location')).toMatch(/^\/login\?/)
    const fresh = await signInWithPassword(a.browser())
    expect(readForm(await fresh.text()).fields.token).toBeUndefined()
    // The same browser on B, which ended the sessions, is no more signed in there.
    const onB = b.browser(onA.cookies)
    const there = await onB.get(authorizeUrl({ app: 'forum', redirect_uri: FORUM_CALLBACK }))
    expect(there.status).toBe(302)
  })

  it('refuses session reuse on the other instance even before the sessions have ended', async () => {
    const schema = await postgres.createSchema({ create: false })
    drops.push(schema.drop)
    const masterKey = randomBytes(32)
    const a = await createTestBridge({ storage: await open(schema.name), masterKey })
    const b = await createTestBridge({ storage: await open(schema.name), masterKey })
    const onA = a.browser()
    await signInWithPassword(onA)
    const alice = (await b.storage.get('user', (await b.storage.list('user'))[0]!.key))!
    // Only the user record changes here, as the first write of a disable does.
    await b.storage.set('user', alice.id, { ...alice, disabled: true })
    const reuse = await onA.get(authorizeUrl({ app: 'forum', redirect_uri: FORUM_CALLBACK }))
    expect(reuse.status).toBe(302)
    expect(reuse.headers.get('Location')).toMatch(/^\/login\?/)
  })
})
