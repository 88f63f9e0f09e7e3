export type { Json, ListOptions, Storage, StoredRecord } from './types.js'
export { createStorage, type CreateStorageOptions } from './create-storage.js'
export { createSqliteStorage, type SqliteStorageOptions } from './sqlite.js'
export { createPostgresStorage, type PostgresStorageOptions } from './postgres.js'
