/**
 * Other processes' writes on SQLite (the CLI or `apply` beside a running bridge): PRAGMA
 * data_version changes whenever another connection commits, and reading it is an in-process call
 * of a microsecond, so it is checked on every cached read and nothing is ever stale.
 */
import type Database from 'better-sqlite3'
import type { ChangeListener, RemoteChanges } from './change-feed-types.js'

export function sqliteChanges(db: Database.Database): RemoteChanges {
  const statement = db.prepare<[], number>('PRAGMA data_version').pluck()
  let emit: ChangeListener = () => undefined
  let version: number | undefined
  return {
    start(listener) {
      emit = listener
      version = statement.get()
    },
    isLive() {
      if (!db.open) return false
      const current = statement.get()
      if (current !== version) {
        version = current
        emit(undefined)
      }
      return true
    },
    async stop() {},
  }
}
