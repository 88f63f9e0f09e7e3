/** Picks the storage a DATABASE_URL names, migrated and ready. */
import { join, resolve } from 'node:path'
import { createPostgresStorage } from './postgres.js'
import { createSqliteStorage } from './sqlite.js'
import type { Storage } from './types.js'

export async function createStorage(options: {
  databaseUrl?: string
  dataDir: string
  now?: () => number
}): Promise<Storage> {
  const url = options.databaseUrl?.trim() || undefined
  let storage: Storage
  if (url === undefined) {
    storage = await createSqliteStorage({
      filename: join(options.dataDir, 'ssobridge.db'),
      now: options.now,
    })
  } else if (/^postgres(ql)?:\/\//.test(url)) {
    storage = await createPostgresStorage({ connectionString: url, now: options.now })
  } else if (/^(sqlite|file):/.test(url) || !/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) {
    const path = url.replace(/^(sqlite|file):(\/\/)?/, '')
    storage = await createSqliteStorage({
      filename: path === ':memory:' ? path : resolve(path),
      now: options.now,
    })
  } else {
    // Never echo the URL: it may carry a password.
    throw new Error(
      'DATABASE_URL must be postgres://…, postgresql://…, sqlite:PATH, file:PATH or a file path',
    )
  }
  await storage.migrate()
  return storage
}
