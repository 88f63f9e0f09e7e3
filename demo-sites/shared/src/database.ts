// The site's own SQLite database: its users, its sessions, the token ids it has already accepted,
// the webhook events the bridge sent it.
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'

export type SiteDatabase = Database.Database

const SCHEMA = `
CREATE TABLE IF NOT EXISTS users (
  id INTEGER PRIMARY KEY,
  sub TEXT UNIQUE NOT NULL,
  email TEXT,
  name TEXT,
  created_at INTEGER NOT NULL,
  last_login_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
  id_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  sid TEXT,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS sessions_user_id ON sessions(user_id);
CREATE TABLE IF NOT EXISTS used_jtis (
  jti TEXT PRIMARY KEY,
  expires_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS webhook_events (
  id TEXT PRIMARY KEY,
  type TEXT NOT NULL,
  sub TEXT NOT NULL,
  detail TEXT,
  occurred_at TEXT NOT NULL,
  received_at INTEGER NOT NULL
);
`

export function openDatabase(file: string): SiteDatabase {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true })
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  db.pragma('foreign_keys = ON')
  db.pragma('busy_timeout = 5000')
  db.exec(SCHEMA)
  // Databases made before sessions kept the bridge's sid (for a sign-out the bridge trusts).
  const columns = db.prepare<[], { name: string }>('PRAGMA table_info(sessions)').all()
  if (!columns.some((column) => column.name === 'sid')) {
    db.exec('ALTER TABLE sessions ADD COLUMN sid TEXT')
  }
  return db
}
