/** Opens the storage a DATABASE_URL names, migrated and ready. */
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Storage } from './types.js'

export interface CreateStorageOptions {
  /** `postgres://…`, `postgresql://…`, `sqlite:PATH`, `file:PATH`, a path; unset: the default. */
  databaseUrl?: string
  /** Holds the default SQLite file, `ssobridge.db`. */
  dataDir: string
  now?: () => number
}

// Never include the URL itself: it may carry a password.
const ACCEPTED =
  'DATABASE_URL must be postgres://…, postgresql://…, sqlite:PATH (or sqlite::memory:), ' +
  'file:PATH, a file path, or unset for a SQLite file in the data directory'

export async function createStorage(options: CreateStorageOptions): Promise<Storage> {
  const storage = await open(options.databaseUrl?.trim() || undefined, options)
  try {
    await storage.migrate()
  } catch (error) {
    // Otherwise the pool (or file handle) would keep the process alive after a failed start.
    await storage.close().catch(() => undefined)
    throw error
  }
  return storage
}

// Each driver is imported only when it is the one in use: pg alone is about 8 MB of RSS that a
// SQLite bridge would carry for nothing, and the reverse holds for better-sqlite3.
async function open(
  url: string | undefined,
  { dataDir, now }: CreateStorageOptions,
): Promise<Storage> {
  if (url !== undefined && /^postgres(ql)?:\/\//i.test(url)) {
    const { createPostgresStorage } = await import('./postgres.js')
    return createPostgresStorage({ connectionString: url, now })
  }
  const { createSqliteStorage } = await import('./sqlite.js')
  return createSqliteStorage({ filename: sqliteFilename(url, dataDir), now })
}

function sqliteFilename(url: string | undefined, dataDir: string): string {
  if (url === undefined) return join(dataDir, 'ssobridge.db')
  if (url === 'sqlite::memory:') return ':memory:'
  // file:///abs/path is a real file URL (percent-encoded); sqlite://abs or sqlite:rel are plain paths.
  if (/^file:\/\//i.test(url)) return fileURLToPath(url)
  const scheme = /^([a-z][a-z0-9+.-]*):(\/\/)?(.*)$/is.exec(url)
  // A bare path (the README's "a SQLite path") is fine; an unknown or mistyped scheme
  // (`postgress://`, `postgres:/db`, `mysql:`) must fail rather than quietly become a file.
  if (!scheme) return resolve(url)
  const [, name = '', , path] = scheme
  if (!/^(sqlite|file)$/i.test(name) || !path) throw new Error(ACCEPTED)
  return resolve(path)
}
