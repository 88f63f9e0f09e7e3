import { describe, expect, it } from 'vitest'
import { createStorage } from './create-storage.js'
import { createPostgresStorage } from './postgres.js'
import {
  dropTestSchema,
  newTestSchema,
  postgresAvailable,
  testDatabaseUrl,
} from './postgres-test-database.js'
import { runStorageConformance } from './storage.conformance.js'

const available = await postgresAvailable()

describe.runIf(available)('postgres', () => {
  runStorageConformance('postgres', async (clock) => {
    const schema = newTestSchema()
    const storage = await createPostgresStorage({
      connectionString: testDatabaseUrl,
      schema,
      now: clock.now,
    })
    await storage.migrate()
    return {
      storage,
      async cleanup() {
        await storage.close()
        await dropTestSchema(schema)
      },
    }
  })

  it('lets several processes migrate one schema at once and share records', async () => {
    const schema = newTestSchema()
    const stores = await Promise.all(
      Array.from({ length: 3 }, () =>
        createPostgresStorage({ connectionString: testDatabaseUrl, schema }),
      ),
    )
    try {
      await Promise.all(stores.map((s) => s.migrate()))
      await stores[0]!.set('ns', 'k', 'shared', 60)
      expect(await stores[2]!.consume('ns', 'k')).toBe('shared')
      expect(await stores[1]!.get('ns', 'k')).toBeUndefined()
    } finally {
      await Promise.all(stores.map((s) => s.close()))
      await dropTestSchema(schema)
    }
  })

  it('is chosen by createStorage for postgres:// URLs', async () => {
    const storage = await createStorage({ databaseUrl: testDatabaseUrl, dataDir: '/nonexistent' })
    expect(storage.kind).toBe('postgres')
    await storage.ping()
    await storage.close()
  })
})
