/** On Postgres, shared by processes: a record of the previous shape converts, and is consumed once. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPostgresStorage } from '../storage/postgres.js'
import type { Storage } from '../storage/types.js'
import {
  dropTestSchema,
  newTestSchema,
  postgresAvailable,
  testDatabaseUrl,
} from '../testing/postgres-test-database.js'
import {
  consumeLoginTransaction,
  startLoginTransaction,
  type StoredTransaction,
} from './login-transactions.js'

const available = await postgresAvailable()
const request = { appId: 'shop', redirectUri: 'http://127.0.0.1:4001/sso/callback', state: 's' }

describe.runIf(available)('login transactions on Postgres', () => {
  const schema = newTestSchema()
  const stores: Storage[] = []
  beforeAll(async () => {
    for (let i = 0; i < 2; i++) {
      const storage = await createPostgresStorage({ connectionString: testDatabaseUrl, schema })
      await storage.migrate()
      stores.push(storage)
    }
  })
  afterAll(async () => {
    await Promise.all(stores.map((s) => s.close()))
    await dropTestSchema(schema)
  })

  it('are consumed by exactly one of two processes racing', async () => {
    const [one, two] = stores as [Storage, Storage]
    const { id } = await startLoginTransaction(one, request, 'secret')
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => consumeLoginTransaction(i % 2 ? one : two, id)),
    )
    expect(results.filter(Boolean)).toHaveLength(1)
  })

  it('read a record of the previous shape with its state made explicit', async () => {
    const [one, two] = stores as [Storage, Storage]
    const pending = { userId: 'u1', connection: 'staff', amr: ['pwd'], verified: true }
    const record: StoredTransaction = {
      ...request,
      browserHash: 'h',
      csrf: 'c',
      createdAt: Date.now(),
      pending,
    }
    await one.set('login-tx', 'old', record, 60)
    expect((await consumeLoginTransaction(two, 'old'))?.progress).toEqual({
      step: 'verified',
      firstFactor: { userId: 'u1', connection: 'staff', amr: ['pwd'] },
      method: 'otp',
    })
  })
})
