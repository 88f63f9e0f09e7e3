// A verify ReplayStore kept in the site's database, so a token stays used across restarts.
import type { ReplayStore } from '@ssobridge/verify'
import type { SiteDatabase } from './database.js'

// Longer than any clock tolerance: a row is only pruned once its token can no longer verify.
const PRUNE_AFTER_SECONDS = 600

export function sqliteReplayStore(db: SiteDatabase): ReplayStore {
  const prune = db.prepare('DELETE FROM used_jtis WHERE expires_at < ?')
  const insert = db.prepare('INSERT OR IGNORE INTO used_jtis (jti, expires_at) VALUES (?, ?)')
  const markUsed = db.transaction((jti: string, expiresAt: number): boolean => {
    prune.run(Math.floor(Date.now() / 1000) - PRUNE_AFTER_SECONDS)
    return insert.run(jti, expiresAt).changes === 1
  })
  return {
    async markUsed(jti, expiresAtEpochSeconds) {
      return markUsed(jti, expiresAtEpochSeconds)
    },
  }
}
