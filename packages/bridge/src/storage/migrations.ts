/**
 * Schema migrations, in order, with the SQL of each dialect side by side so the two cannot drift.
 * Append new ones at the end; never edit one that has shipped. Each driver applies all pending
 * migrations in one transaction under a lock, together with their rows in the ledger.
 */
export type Dialect = 'sqlite' | 'postgres'

export interface Migration {
  id: string
  sql: Record<Dialect, string>
}

export const MIGRATIONS_TABLE = 'ssobridge_migrations'

/** The ledger itself: created before any migration, so it cannot be one. */
export const migrationsTableSql: Record<Dialect, string> = {
  sqlite: `CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE} (id TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)`,
  postgres: `CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE} (id TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)`,
}

export const migrations: readonly Migration[] = [
  {
    id: '001-records',
    sql: {
      // SQLite compares TEXT byte by byte (UTF-8), which is code point order.
      sqlite: `
        CREATE TABLE records (
          ns TEXT NOT NULL,
          key TEXT NOT NULL,
          value TEXT NOT NULL,
          expires_at INTEGER,
          PRIMARY KEY (ns, key)
        ) WITHOUT ROWID;
        CREATE INDEX records_expires_at ON records (expires_at) WHERE expires_at IS NOT NULL;`,
      // COLLATE "C" gives the same byte order as SQLite, whatever the database's locale, which
      // `list` ordering and its prefix range rely on.
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
  },
  {
    // The outbox (outbox-types.ts). Times are epoch ms; `lease` and `claimed_until` are set
    // while a process holds the entry; `purge_after` once it is delivered or failed.
    id: '002-outbox',
    sql: {
      sqlite: `
        CREATE TABLE outbox (
          id TEXT PRIMARY KEY,
          kind TEXT NOT NULL,
          dedupe_key TEXT NOT NULL,
          owner TEXT NOT NULL,
          payload TEXT NOT NULL,
          state TEXT NOT NULL,
          attempts INTEGER NOT NULL DEFAULT 0,
          created_at INTEGER NOT NULL,
          next_attempt_at INTEGER NOT NULL,
          give_up_at INTEGER NOT NULL,
          claimed_until INTEGER,
          lease TEXT,
          last_attempt_at INTEGER,
          last_status INTEGER,
          last_error TEXT,
          delivered_at INTEGER,
          purge_after INTEGER,
          UNIQUE (kind, dedupe_key)
        );
        CREATE INDEX outbox_due ON outbox (kind, next_attempt_at) WHERE state = 'pending';
        CREATE INDEX outbox_owner ON outbox (kind, owner, id);
        CREATE INDEX outbox_purge ON outbox (purge_after) WHERE purge_after IS NOT NULL;`,
      postgres: `
        CREATE TABLE outbox (
          id TEXT COLLATE "C" PRIMARY KEY,
          kind TEXT NOT NULL,
          dedupe_key TEXT NOT NULL,
          owner TEXT NOT NULL,
          payload TEXT NOT NULL,
          state TEXT NOT NULL,
          attempts INTEGER NOT NULL DEFAULT 0,
          created_at BIGINT NOT NULL,
          next_attempt_at BIGINT NOT NULL,
          give_up_at BIGINT NOT NULL,
          claimed_until BIGINT,
          lease TEXT,
          last_attempt_at BIGINT,
          last_status INTEGER,
          last_error TEXT,
          delivered_at BIGINT,
          purge_after BIGINT,
          UNIQUE (kind, dedupe_key)
        );
        CREATE INDEX outbox_due ON outbox (kind, next_attempt_at) WHERE state = 'pending';
        CREATE INDEX outbox_owner ON outbox (kind, owner, id);
        CREATE INDEX outbox_purge ON outbox (purge_after) WHERE purge_after IS NOT NULL;`,
    },
  },
  {
    // Read-mostly records changed by any writer (another instance, the CLI, `apply`, a restore,
    // plain SQL) reach every process's cache (postgres-change-feed.ts). The namespaces are
    // READ_MOSTLY_NAMESPACES (read-mostly.ts); caching another one takes a new migration.
    // SQLite needs nothing: a process sees others' commits through PRAGMA data_version.
    id: '003-record-changes',
    sql: {
      sqlite: `SELECT 1;`,
      postgres: `
        CREATE FUNCTION ssobridge_record_changed() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          PERFORM pg_notify('ssobridge_records', TG_TABLE_SCHEMA || ':' ||
            CASE WHEN TG_OP = 'DELETE' THEN OLD.ns ELSE NEW.ns END);
          RETURN NULL;
        END $$;
        CREATE TRIGGER records_read_mostly_written AFTER INSERT OR UPDATE ON records
          FOR EACH ROW WHEN (NEW.ns IN ('app', 'connection', 'signing-key', 'signing-key-active',
            'signing-key-next', 'saml-sp-key', 'bridge-secret'))
          EXECUTE FUNCTION ssobridge_record_changed();
        CREATE TRIGGER records_read_mostly_deleted AFTER DELETE ON records
          FOR EACH ROW WHEN (OLD.ns IN ('app', 'connection', 'signing-key', 'signing-key-active',
            'signing-key-next', 'saml-sp-key', 'bridge-secret'))
          EXECUTE FUNCTION ssobridge_record_changed();`,
    },
  },
  {
    // The console's string overrides are read by every request: cached, so announced too.
    id: '004-string-overrides',
    sql: {
      sqlite: `SELECT 1;`,
      postgres: `
        DROP TRIGGER records_read_mostly_written ON records;
        DROP TRIGGER records_read_mostly_deleted ON records;
        CREATE TRIGGER records_read_mostly_written AFTER INSERT OR UPDATE ON records
          FOR EACH ROW WHEN (NEW.ns IN ('app', 'connection', 'signing-key', 'signing-key-active',
            'signing-key-next', 'saml-sp-key', 'bridge-secret', 'string-override'))
          EXECUTE FUNCTION ssobridge_record_changed();
        CREATE TRIGGER records_read_mostly_deleted AFTER DELETE ON records
          FOR EACH ROW WHEN (OLD.ns IN ('app', 'connection', 'signing-key', 'signing-key-active',
            'signing-key-next', 'saml-sp-key', 'bridge-secret', 'string-override'))
          EXECUTE FUNCTION ssobridge_record_changed();`,
    },
  },
]

export const pendingMigrations = (applied: ReadonlySet<string>): Migration[] =>
  migrations.filter((migration) => !applied.has(migration.id))
