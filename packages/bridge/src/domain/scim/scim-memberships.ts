/**
 * Group membership as the users see it: each provisioned user's SCIM record lists its groups,
 * and the bridge user's `groups` (the `groups` claim) are their names. Kept in step whenever a
 * group gains or loses members, is renamed or deleted; each user whose groups changed is sent
 * `user.updated` with `groups`.
 */
import { getUser, saveUser } from '../users.js'
import { invalidValue } from './scim-error.js'
import {
  getScimGroup,
  getScimUser,
  recordKey,
  SCIM_GROUPS,
  SCIM_USERS,
  type ScimGroupRecord,
  type ScimUserRecord,
} from './scim-records.js'
import type { ScimScope } from './scim-scope.js'

/** Refuses members that are not provisioned users of the token's connection. */
export async function checkMembers(scope: ScimScope, members: string[]): Promise<void> {
  for (const id of members)
    if (!(await getScimUser(scope.storage, scope.connection, id)))
      throw invalidValue(`The member ${id.slice(0, 64)} is not a User of this connection.`)
}

/** Sets one group's entry (or its absence) in each given user's groups. */
export async function syncMembers(
  scope: ScimScope,
  group: Pick<ScimGroupRecord, 'id' | 'displayName'>,
  userIds: Iterable<string>,
  member: (userId: string) => boolean,
): Promise<void> {
  const { storage, connection, now } = scope
  for (const userId of userIds) {
    const record = await getScimUser(storage, connection, userId)
    if (!record) continue
    const others = record.groups.filter((g) => g.id !== group.id)
    const groups = member(userId)
      ? [...others, { id: group.id, displayName: group.displayName }]
      : others
    groups.sort((a, b) => a.displayName.localeCompare(b.displayName))
    await storage.set(SCIM_USERS, recordKey(connection, userId), {
      ...record,
      groups,
      updatedAt: now,
    })
    const user = await getUser(storage, userId)
    if (!user || user.connection !== connection) continue
    const names = groups.map((g) => g.displayName)
    if (JSON.stringify(names) === JSON.stringify(user.groups ?? [])) continue
    const saved = { ...user, groups: names, updatedAt: now }
    await saveUser(storage, saved)
    await scope.tell({ type: 'user.updated', changed: ['groups'] }, saved)
  }
}

/** A deleted user leaves every group it was in. */
export async function removeFromGroups(scope: ScimScope, record: ScimUserRecord): Promise<void> {
  for (const { id } of record.groups) {
    const group = await getScimGroup(scope.storage, scope.connection, id)
    if (!group) continue
    await scope.storage.set(SCIM_GROUPS, recordKey(scope.connection, id), {
      ...group,
      members: group.members.filter((m) => m !== record.userId),
      updatedAt: scope.now,
    })
  }
}
