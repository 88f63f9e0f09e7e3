/**
 * The sign-in flow on Postgres, with two bridge instances sharing one database: a session made
 * by one is honoured by the other, and a login transaction can be finished only once.
 */
import { randomBytes } from 'node:crypto'
import { decodeJwt } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPostgresStorage } from '../storage/postgres.js'
import {
  dropTestSchema,
  newTestSchema,
  postgresAvailable,
  testDatabaseUrl,
} from '../testing/postgres-test-database.js'
import type { Storage } from '../storage/types.js'
import {
  ALICE,
  authorizeUrl,
  createTestBridge,
  FORUM_CALLBACK,
  signInWithPassword,
} from '../testing/bridge-fixture.js'
import { readForm } from '../testing/test-browser.js'

const available = await postgresAvailable()

describe.runIf(available)('sign-in on Postgres with two bridge instances', () => {
  const schema = newTestSchema()
  const stores: Storage[] = []
  const instances: Awaited<ReturnType<typeof createTestBridge>>[] = []

  beforeAll(async () => {
    const masterKey = randomBytes(32)
    for (let i = 0; i < 2; i++) {
      const storage = await createPostgresStorage({ connectionString: testDatabaseUrl, schema })
      await storage.migrate()
      stores.push(storage)
      instances.push(await createTestBridge({ storage, masterKey }))
    }
  })
  afterAll(async () => {
    await Promise.all(stores.map((s) => s.close()))
    await dropTestSchema(schema)
  })

  it('honours on one instance the session made on the other', async () => {
    const [one, two] = instances as [(typeof instances)[0], (typeof instances)[0]]
    const first = one.browser()
    const shop = readForm(await (await signInWithPassword(first)).text()).fields
    const second = two.browser(first.cookies)
    const forum = await second.get(
      authorizeUrl({ app: 'forum', redirect_uri: FORUM_CALLBACK, prompt: 'none' }),
    )
    const { fields } = readForm(await forum.text())
    expect(fields.error).toBeUndefined()
    expect(decodeJwt(fields.token!).sub).toBe(decodeJwt(shop.token!).sub)
    // Both instances publish the same key set: one signing key, shared through storage.
    const jwks = await Promise.all(
      [one, two].map(async (b) => (await b.app.request('/.well-known/jwks.json')).json()),
    )
    expect(jwks[0]).toEqual(jwks[1])
  })

  it('finishes a login transaction once when both instances receive it', async () => {
    const [one, two] = instances as [(typeof instances)[0], (typeof instances)[0]]
    const browser = one.browser()
    const start = await browser.get(authorizeUrl({}))
    const form = readForm(await (await browser.get(start.headers.get('Location')!)).text())
    const other = two.browser(new Map(browser.cookies))
    const responses = await Promise.all([
      browser.post('/login', { ...form.fields, ...ALICE }),
      other.post('/login', { ...form.fields, ...ALICE }),
    ])
    expect(responses.map((r) => r.status).sort()).toEqual([200, 400])
  })
})
