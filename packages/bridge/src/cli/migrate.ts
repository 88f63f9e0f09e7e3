/** `ssobridge migrate`: bring the database's schema up to this version, e.g. before a rollout. */
import { defaultDataDir } from '../config/data-dir.js'
import { createStorage } from '../storage/create-storage.js'
import type { Output } from './output.js'

export async function migrateCommand(io: Output, env = process.env): Promise<number> {
  // Opening storage applies pending migrations, under a lock that other instances respect.
  const storage = await createStorage({
    databaseUrl: env.DATABASE_URL,
    dataDir: defaultDataDir(env, env.SSOBRIDGE_CONFIG),
  })
  try {
    io.out(`storage is migrated (${storage.kind})`)
    return 0
  } finally {
    await storage.close()
  }
}
