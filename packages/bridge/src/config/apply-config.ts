/**
 * Writes a validated config into storage. Idempotent: what already matches is left untouched and
 * reported as nothing; records the file does not mention (made in the console, say) are kept.
 * Each record goes through its upsert (app-upsert, connection-upsert, user-upsert), which the
 * admin service layer shares, and every change is audited.
 */
import type { Actor } from '../domain/audit-log.js'
import type { SecretBox } from '../keys/secret-box.js'
import { createLogger, type Logger } from '../logger.js'
import type { Storage } from '../storage/types.js'
import { auditAppChange, upsertApp } from './app-upsert.js'
import { auditConnectionChange, upsertConnection } from './connection-upsert.js'
import type { BridgeConfig } from './schema.js'
import { auditUserChange, tellUserChange, upsertUser } from './user-upsert.js'

/** Who changed records when nobody says otherwise: the config file applied at start-up. */
export const configFileActor: Actor = { type: 'config', id: 'config-file' }

export async function applyConfig(
  storage: Storage,
  box: SecretBox,
  config: BridgeConfig,
  now = Date.now(),
  actor: Actor = configFileActor,
  /** Where a user's lifecycle event that could not be queued is told. */
  logger: Logger = createLogger('warn'),
): Promise<string[]> {
  const changes: string[] = []
  for (const connection of config.connections) {
    const change = await upsertConnection(storage, box, connection, now)
    if (!change) continue
    await auditConnectionChange(storage, actor, change, now)
    changes.push(`${change.action} connection ${connection.id}`)
  }
  for (const app of config.apps) {
    const change = await upsertApp(storage, box, app, now)
    if (!change) continue
    await auditAppChange(storage, actor, change, now)
    changes.push(`${change.action} app ${app.id}`)
  }
  for (const user of config.users) {
    const change = await upsertUser(storage, user, now)
    if (!change) continue
    await auditUserChange(storage, actor, change, now)
    // Apps are written first, so an app's webhooks from this same file hear of its users.
    await tellUserChange({ storage, logger }, change)
    changes.push(`${change.action} user ${user.email}`)
  }
  return changes
}
