/**
 * Opens the bridge's storage at start: migrated (the default; storage/postgres.ts holds a
 * Postgres advisory lock while it migrates, so instances starting together migrate once), or
 * only checked with `--no-migrate`, for rolling deploys where `ssobridge migrate` runs first.
 * A Postgres that cannot be reached fails in one line, or is waited for within a bound.
 */
import {
  databaseStartError,
  describePostgresUrl,
  isDatabaseUnavailable,
} from './database-faults.js'
import type { Logger } from './logger.js'
import { createStorage } from './storage/create-storage.js'
import type { Storage } from './storage/types.js'

export interface OpenBridgeStorageOptions {
  databaseUrl?: string
  dataDir: string
  /** false: never change the schema; refuse to start when it is behind. Default true. */
  migrate?: boolean
  /** Keep retrying an unreachable Postgres this long before failing; 0 (default): fail now. */
  waitForDbMs?: number
  logger: Logger
}

/** A start that cannot go on, said in one line; `ssobridge start` prints it without a stack. */
export class DatabaseStartError extends Error {
  override readonly name = 'DatabaseStartError'
}

const FIRST_RETRY_MS = 250
const LONGEST_RETRY_MS = 5_000

export async function openBridgeStorage(options: OpenBridgeStorageOptions): Promise<Storage> {
  const url = options.databaseUrl?.trim() || undefined
  const postgres = url !== undefined && /^postgres(ql)?:\/\//i.test(url)
  if (postgres) checkPostgresUrl(url)
  if (options.migrate === false && !postgres) {
    // One file, one process: nothing can race a SQLite bridge's migration or run behind it.
    options.logger.warn('--no-migrate applies to Postgres only: SQLite migrates at start')
  }
  const open = () =>
    options.migrate === false && postgres
      ? openUnmigrated(url)
      : createStorage({ databaseUrl: url, dataDir: options.dataDir })
  if (!postgres) return open()
  return withRetries(open, url, options.waitForDbMs ?? 0, options.logger)
}

async function withRetries(
  open: () => Promise<Storage>,
  url: string,
  waitMs: number,
  logger: Logger,
): Promise<Storage> {
  const giveUpAt = Date.now() + waitMs
  let delay = FIRST_RETRY_MS
  for (let attempt = 1; ; attempt++) {
    try {
      return await open()
    } catch (error) {
      if (error instanceof DatabaseStartError) throw error
      const left = giveUpAt - Date.now()
      if (!isDatabaseUnavailable(error) || left <= 0) {
        const line = databaseStartError(error, url).message
        throw new DatabaseStartError(
          waitMs > 0 && isDatabaseUnavailable(error)
            ? `${line} (gave up after ${Math.round(waitMs / 1000)} s)`
            : line,
        )
      }
      const wait = Math.min(delay, left)
      logger.warn('database not reachable yet, retrying', {
        database: describePostgresUrl(url),
        attempt,
        retryInMs: wait,
        error: databaseStartError(error, url).message,
      })
      await new Promise((done) => setTimeout(done, wait))
      delay = Math.min(delay * 2, LONGEST_RETRY_MS)
    }
  }
}

/** The schema as it is: a bridge of this version refuses to run on one that is behind. */
async function openUnmigrated(url: string): Promise<Storage> {
  const { createPostgresStorage } = await import('./storage/postgres.js')
  const storage = await createPostgresStorage({ connectionString: url })
  try {
    const pending = await storage.pendingMigrations()
    if (pending.length > 0) {
      throw new DatabaseStartError(
        `the database schema is behind this version (${pending.length} migration${pending.length === 1 ? '' : 's'} pending: ${pending.join(', ')}): run \`ssobridge migrate\` first, or start without --no-migrate`,
      )
    }
    return storage
  } catch (error) {
    await storage.close().catch(() => undefined)
    throw error
  }
}

function checkPostgresUrl(url: string): void {
  try {
    new URL(url)
  } catch {
    // Never echo it: it may carry a password.
    throw new DatabaseStartError('DATABASE_URL is not a valid postgres:// URL')
  }
}
