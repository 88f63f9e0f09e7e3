/**
 * The SCIM Groups of one connection. A group's members are provisioned users of the same
 * connection; its name is what their `groups` claim holds. Changes are audited as group.*.
 */
import { randomUUID } from 'node:crypto'
import { resourceNotFound, uniqueness } from './scim-error.js'
import type { EqualityCondition } from './scim-filter.js'
import { checkMembers, syncMembers } from './scim-memberships.js'
import { applyPatch, parsePatch } from './scim-patch.js'
import {
  getScimGroup,
  nameKey,
  recordKey,
  SCIM_GROUP_NAMES,
  SCIM_GROUPS,
  type ScimGroupRecord,
} from './scim-records.js'
import {
  checkIfMatch,
  groupDocumentOf,
  groupFieldsOf,
  groupResourceOf,
  type ScimResource,
} from './scim-resources.js'
import { groupResource, parseResource } from './scim-schemas.js'
import { scimAudit, type Page, type ScimScope } from './scim-scope.js'

/** How many groups of one connection a listing walks, at most. */
export const MAX_LISTED_GROUPS = 10_000

const audit = scimAudit

const summary = (group: ScimGroupRecord) => ({
  id: group.id,
  displayName: group.displayName,
  ...(group.externalId !== undefined && { externalId: group.externalId }),
  members: group.members.length,
})

async function load(scope: ScimScope, id: string): Promise<ScimGroupRecord> {
  const group =
    typeof id === 'string' ? await getScimGroup(scope.storage, scope.connection, id) : undefined
  if (!group) throw resourceNotFound('Group')
  return group
}

async function claimName(scope: ScimScope, displayName: string, id: string) {
  if (!(await scope.storage.add(SCIM_GROUP_NAMES, nameKey(scope.connection, displayName), id)))
    throw uniqueness('Another group of this connection has this displayName.')
}

export async function createScimGroup(scope: ScimScope, body: unknown): Promise<ScimResource> {
  const fields = groupFieldsOf(parseResource('Group', groupResource, body))
  await checkMembers(scope, fields.members)
  const id = randomUUID()
  await claimName(scope, fields.displayName, id)
  const group: ScimGroupRecord = {
    id,
    connection: scope.connection,
    displayName: fields.displayName,
    ...(fields.externalId !== undefined && { externalId: fields.externalId }),
    members: fields.members,
    createdAt: scope.now,
    updatedAt: scope.now,
  }
  await scope.storage.set(SCIM_GROUPS, recordKey(scope.connection, id), group)
  await syncMembers(scope, group, group.members, () => true)
  await audit(scope, {
    event: 'group.created',
    target: { type: 'group', id },
    after: summary(group),
  })
  return groupResourceOf(group, scope.base)
}

export async function getScimGroupResource(scope: ScimScope, id: string) {
  return groupResourceOf(await load(scope, id), scope.base)
}

export async function listScimGroups(
  scope: ScimScope,
  conditions: EqualityCondition[],
  page: Page,
): Promise<{ total: number; groups: ScimGroupRecord[] }> {
  const { storage, connection } = scope
  let groups: ScimGroupRecord[]
  const byName = conditions.find((c) => c.attribute === 'displayName')
  const byId = conditions.find((c) => c.attribute === 'id')
  if (byId) {
    const found = await getScimGroup(storage, connection, byId.value)
    groups = found ? [found] : []
  } else if (byName) {
    const id = await storage.get(SCIM_GROUP_NAMES, nameKey(connection, byName.value))
    const found = id === undefined ? undefined : await getScimGroup(storage, connection, id)
    groups = found ? [found] : []
  } else {
    groups = (
      await storage.list(SCIM_GROUPS, { prefix: `${connection}|`, limit: MAX_LISTED_GROUPS })
    ).map((r) => r.value)
  }
  groups = groups.filter((g) =>
    conditions.every((c) =>
      c.attribute === 'displayName'
        ? g.displayName.toLowerCase() === c.value.toLowerCase()
        : c.attribute === 'externalId'
          ? g.externalId === c.value
          : g.id === c.value,
    ),
  )
  return {
    total: groups.length,
    groups: groups.slice(page.startIndex - 1, page.startIndex - 1 + page.count),
  }
}

export async function replaceScimGroup(
  scope: ScimScope,
  id: string,
  body: unknown,
  ifMatch?: string,
): Promise<ScimResource> {
  const group = await load(scope, id)
  checkIfMatch(ifMatch, groupResourceOf(group, scope.base))
  return save(scope, group, parseResource('Group', groupResource, body))
}

export async function patchScimGroup(
  scope: ScimScope,
  id: string,
  body: unknown,
  ifMatch?: string,
): Promise<ScimResource> {
  const operations = parsePatch(body)
  const group = await load(scope, id)
  checkIfMatch(ifMatch, groupResourceOf(group, scope.base))
  const patched = applyPatch('Group', groupDocumentOf(group), operations)
  return save(scope, group, parseResource('Group', groupResource, patched))
}

async function save(
  scope: ScimScope,
  group: ScimGroupRecord,
  input: Parameters<typeof groupFieldsOf>[0],
): Promise<ScimResource> {
  const fields = groupFieldsOf(input)
  await checkMembers(
    scope,
    fields.members.filter((m) => !group.members.includes(m)),
  )
  const renamed = fields.displayName.toLowerCase() !== group.displayName.toLowerCase()
  if (renamed) await claimName(scope, fields.displayName, group.id)
  const { externalId: _old, ...rest } = group
  const next: ScimGroupRecord = {
    ...rest,
    displayName: fields.displayName,
    ...(fields.externalId !== undefined && { externalId: fields.externalId }),
    members: fields.members,
    updatedAt: scope.now,
  }
  const unchanged =
    JSON.stringify({ ...next, updatedAt: 0 }) === JSON.stringify({ ...group, updatedAt: 0 })
  if (unchanged) return groupResourceOf(group, scope.base)
  await scope.storage.set(SCIM_GROUPS, recordKey(scope.connection, group.id), next)
  if (renamed)
    await scope.storage.delete(SCIM_GROUP_NAMES, nameKey(scope.connection, group.displayName))
  const members = new Set(next.members)
  // A rename or a case change of the name reaches every member; otherwise only who came or went.
  const touched =
    next.displayName !== group.displayName
      ? new Set([...group.members, ...next.members])
      : new Set([
          ...next.members.filter((m) => !group.members.includes(m)),
          ...group.members.filter((m) => !members.has(m)),
        ])
  await syncMembers(scope, next, touched, (userId) => members.has(userId))
  await audit(scope, {
    event: 'group.updated',
    target: { type: 'group', id: group.id },
    before: summary(group),
    after: summary(next),
  })
  return groupResourceOf(next, scope.base)
}

export async function deleteScimGroup(scope: ScimScope, id: string, ifMatch?: string) {
  const group = await load(scope, id)
  checkIfMatch(ifMatch, groupResourceOf(group, scope.base))
  await scope.storage.delete(SCIM_GROUPS, recordKey(scope.connection, group.id))
  await scope.storage.delete(SCIM_GROUP_NAMES, nameKey(scope.connection, group.displayName))
  await syncMembers(scope, group, group.members, () => false)
  await audit(scope, {
    event: 'group.deleted',
    target: { type: 'group', id },
    before: summary(group),
  })
}
