/**
 * Schema migrations, in order, per dialect. Append; never edit one that has shipped. Each runs in
 * the same transaction as its bookkeeping row, under a lock, so concurrent starts are safe.
 */
export interface Migration {
  id: string
  sqlite: string
  postgres: string
}

export const migrations: readonly Migration[] = [
  {
    id: '001-records',
    sqlite: `
      CREATE TABLE records (
        ns TEXT NOT NULL,
        key TEXT NOT NULL,
        value TEXT NOT NULL,
        expires_at INTEGER,
        PRIMARY KEY (ns, key)
      ) WITHOUT ROWID;
      CREATE INDEX records_expires_at ON records (expires_at) WHERE expires_at IS NOT NULL;`,
    postgres: `
      CREATE TABLE records (
        ns TEXT NOT NULL,
        key TEXT COLLATE "C" NOT NULL,
        value TEXT NOT NULL,
        expires_at BIGINT,
        PRIMARY KEY (ns, key)
      );
      CREATE INDEX records_expires_at ON records (expires_at) WHERE expires_at IS NOT NULL;`,
  },
]

export const MIGRATIONS_TABLE = 'ssobridge_migrations'
