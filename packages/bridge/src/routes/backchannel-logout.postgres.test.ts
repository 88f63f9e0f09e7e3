/** Back-channel logouts survive the bridge that queued them on Postgres too. */
import { afterAll, describe, it } from 'vitest'
import { createPostgresStorage } from '../storage/postgres.js'
import { deliversAfterRestart } from '../testing/backchannel-restart.js'
import { findPostgresTestDatabase } from '../testing/postgres-test-database.js'

const postgres = await findPostgresTestDatabase()

describe.runIf(postgres.available)('back-channel logout on Postgres', () => {
  const drops: (() => Promise<void>)[] = []
  afterAll(() => Promise.all(drops.map((drop) => drop())))

  it('delivers a logout to a site that was down, from a new bridge on the same database', async () => {
    const schema = await postgres.createSchema({ create: false })
    drops.push(schema.drop)
    await deliversAfterRestart(async () => {
      const storage = await createPostgresStorage({
        connectionString: postgres.url,
        schema: schema.name,
      })
      await storage.migrate()
      return storage
    })
  })
})
