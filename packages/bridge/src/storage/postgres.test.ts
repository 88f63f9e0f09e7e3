import { afterAll, describe, expect, it } from 'vitest'
import { createStorage } from './create-storage.js'
import { createPostgresStorage } from './postgres.js'
import { findPostgresTestDatabase } from '../testing/postgres-test-database.js'
import { driverOf, runStorageConformance } from './storage.conformance.js'

const postgres = await findPostgresTestDatabase()

describe.runIf(postgres.available)('postgres', () => {
  runStorageConformance('postgres', async (clock) => {
    // Not created up front: migrate() must create the schema it was given.
    const schema = await postgres.createSchema({ create: false })
    const open = () =>
      createPostgresStorage({ connectionString: postgres.url, schema: schema.name, now: clock.now })
    const storage = await open()
    return {
      storage,
      openAnother: open,
      async cleanup() {
        await storage.close()
        await schema.drop()
      },
    }
  })

  describe('postgres storage', () => {
    const dropAfter: (() => Promise<void>)[] = []
    afterAll(() => Promise.all(dropAfter.map((drop) => drop())))

    it('lets five processes migrate one new schema at once', async () => {
      const schema = await postgres.createSchema({ create: false })
      dropAfter.push(schema.drop)
      const stores = await Promise.all(
        Array.from({ length: 5 }, () =>
          createPostgresStorage({ connectionString: postgres.url, schema: schema.name, max: 2 }),
        ),
      )
      try {
        await Promise.all(stores.map((s) => s.migrate()))
        await driverOf(stores[0]!).set('ns', 'k', 'shared', 60)
        expect(await driverOf(stores[4]!).get('ns', 'k')).toBe('shared')
      } finally {
        await Promise.all(stores.map((s) => s.close()))
      }
    })

    it('is what createStorage opens for postgres:// URLs, in the schema the URL pins', async () => {
      const schema = await postgres.createSchema()
      dropAfter.push(schema.drop)
      const url = schema.connectionString.replace(/^postgres:/, 'postgresql:')
      const storage = await createStorage({ databaseUrl: url, dataDir: '/nonexistent' })
      try {
        expect(storage.kind).toBe('postgres')
        await driverOf(storage).set('ns', 'k', 'here')
        const pinned = await createPostgresStorage({
          connectionString: postgres.url,
          schema: schema.name,
        })
        expect(await driverOf(pinned).get('ns', 'k')).toBe('here')
        await pinned.close()
      } finally {
        await storage.close()
      }
    })

    it('refuses a schema name that would need quoting', async () => {
      await expect(
        createPostgresStorage({ connectionString: postgres.url, schema: 'x"; DROP' }),
      ).rejects.toThrow(/lowercase identifier/)
    })
  })
})
