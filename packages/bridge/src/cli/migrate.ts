/** `ssobridge migrate`: bring the database's schema up to this version, e.g. before a rollout. */
import { defaultDataDir } from '../config/data-dir.js'
import { openBridgeStorage } from '../database-startup.js'
import { logLevelSetting } from '../log-level-setting.js'
import { createLogger } from '../logger.js'
import { waitForDbMs } from './database-wait.js'
import type { Output } from './output.js'

export interface MigrateValues {
  'wait-for-db'?: string
}

export async function migrateCommand(
  values: MigrateValues,
  io: Output,
  env: Record<string, string | undefined> = process.env,
): Promise<number> {
  // As `start` opens it: the same one-line refusals, the same bounded wait for Postgres, and the
  // advisory lock that other instances migrating at the same moment respect.
  const storage = await openBridgeStorage({
    databaseUrl: env.DATABASE_URL,
    dataDir: defaultDataDir(env, env.SSOBRIDGE_CONFIG),
    waitForDbMs: waitForDbMs(values, env),
    logger: createLogger(logLevelSetting(env.SSOBRIDGE_LOG_LEVEL)),
  })
  try {
    io.out(`storage is migrated (${storage.kind})`)
    return 0
  } finally {
    await storage.close()
  }
}
