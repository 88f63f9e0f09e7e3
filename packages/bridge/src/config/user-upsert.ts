/**
 * Writes one local user from its config form: the password hashed, and kept when the stored hash
 * still matches it; every change audited. The config file writes users here; the admin service
 * layer audits its own user changes the same way.
 */
import { recordAudit, type Actor } from '../domain/audit-log.js'
import { hashPassword, verifyPassword } from '../domain/passwords.js'
import { publicUser } from '../domain/public-records.js'
import { tellUserEvent, tellUserUpdated, type UserEventDeps } from '../domain/user-events.js'
import { createUser, findUserByEmail, saveUser, type User } from '../domain/users.js'
import type { Storage } from '../storage/types.js'
import { sameRecord, type RecordChange } from './record-change.js'
import type { UserConfig } from './schema.js'

export async function upsertUser(
  storage: Storage,
  user: UserConfig,
  now: number,
): Promise<RecordChange<User> | undefined> {
  const profile = {
    email: user.email,
    emailVerified: user.emailVerified,
    name: user.name,
    givenName: user.givenName,
    familyName: user.familyName,
  }
  const existing = await findUserByEmail(storage, user.connection, user.email)
  if (!existing) {
    const created = await createUser(
      storage,
      {
        ...profile,
        connection: user.connection,
        passwordHash: await hashPassword(user.password),
      },
      now,
    )
    return created ? { action: 'created', after: created, secretsChanged: [] } : undefined
  }
  const passwordMatches = existing.passwordHash
    ? await verifyPassword(existing.passwordHash, user.password)
    : false
  const current = {
    email: existing.email,
    emailVerified: existing.emailVerified,
    name: existing.name,
    givenName: existing.givenName,
    familyName: existing.familyName,
  }
  if (passwordMatches && sameRecord(current, profile)) return undefined
  const updated: User = {
    ...existing,
    ...profile,
    passwordHash: passwordMatches ? existing.passwordHash : await hashPassword(user.password),
    updatedAt: now,
  }
  await saveUser(storage, updated)
  return {
    action: 'updated',
    before: existing,
    after: updated,
    secretsChanged: passwordMatches ? [] : ['password'],
  }
}

export const auditUserChange = (
  storage: Storage,
  actor: Actor,
  change: RecordChange<User>,
  now: number,
) =>
  recordAudit(
    storage,
    {
      event: `user.${change.action}`,
      actor,
      user: change.after.id,
      connection: change.after.connection,
      before: change.before && publicUser(change.before),
      after: publicUser(change.after),
      secretsChanged: change.secretsChanged.length ? change.secretsChanged : undefined,
    },
    now,
  )

/** Tells the apps of a written user: created, or what changed (a new password is its own event). */
export async function tellUserChange(deps: UserEventDeps, change: RecordChange<User>) {
  if (change.action === 'created' || !change.before)
    return tellUserEvent(deps, { type: 'user.created' }, change.after)
  await tellUserUpdated(deps, change.before, change.after)
  if (change.secretsChanged.includes('password'))
    await tellUserEvent(deps, { type: 'password.changed' }, change.after)
}
