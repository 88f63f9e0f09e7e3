/**
 * The SCIM Users of one connection: create, read, list, replace, patch, delete. Each change is
 * audited with the token as actor and published as a lifecycle event; a user made inactive or
 * deleted has every session ended (reason `deprovisioned`), which sends the back-channel logouts
 * and `session.ended` to the sites.
 */
import { signedInBefore } from '../identities.js'
import { changedFields, snapshotOf } from '../lifecycle-events.js'
import { endSessionsOfUser } from '../session-ending.js'
import { randomToken } from '../random-token.js'
import { createUser, getUser, saveUser, type User } from '../users.js'
import type { EqualityCondition } from './scim-filter.js'
import { applyPatch, parsePatch } from './scim-patch.js'
import { resourceNotFound, uniqueness } from './scim-error.js'
import { removeFromGroups } from './scim-memberships.js'
import {
  externalKey,
  getScimUser,
  nameKey,
  recordKey,
  SCIM_EXTERNAL_IDS,
  SCIM_USER_NAMES,
  SCIM_USERS,
  scimUserByExternalId,
  scimUserByName,
  type ScimUserRecord,
} from './scim-records.js'
import {
  checkIfMatch,
  profileOf,
  storedAttributes,
  userDocumentOf,
  userResourceOf,
  type ScimResource,
} from './scim-resources.js'
import { parseResource, userResource, type UserResourceInput } from './scim-schemas.js'
import { scimAudit, type Page, type ScimScope } from './scim-scope.js'

/** How many users of one connection a listing without a filter walks, at most. */
export const MAX_LISTED_USERS = 50_000

const audit = scimAudit

async function load(scope: ScimScope, id: string) {
  const record =
    typeof id === 'string' ? await getScimUser(scope.storage, scope.connection, id) : undefined
  const user = record ? await getUser(scope.storage, record.userId) : undefined
  if (!record || !user || user.connection !== scope.connection) throw resourceNotFound('User')
  return { record, user }
}

/** Drops a user's SCIM record and its indexes (the indexes only while they name the user). */
async function forgetScimUser(scope: ScimScope, record: ScimUserRecord): Promise<void> {
  const { storage, connection } = scope
  const name = nameKey(connection, record.userName)
  if ((await storage.get(SCIM_USER_NAMES, name)) === record.userId)
    await storage.delete(SCIM_USER_NAMES, name)
  if (record.externalId !== undefined) {
    const external = externalKey(connection, record.externalId)
    if ((await storage.get(SCIM_EXTERNAL_IDS, external)) === record.userId)
      await storage.delete(SCIM_EXTERNAL_IDS, external)
  }
  await storage.delete(SCIM_USERS, recordKey(connection, record.userId))
}

/**
 * Claims one index entry. An entry left by a user deleted elsewhere (the console, the admin API)
 * is taken over, with that user's SCIM record: the name is free again.
 */
async function claim(
  scope: ScimScope,
  ns: typeof SCIM_USER_NAMES | typeof SCIM_EXTERNAL_IDS,
  key: string,
  userId: string,
): Promise<boolean> {
  const { storage, connection } = scope
  if (await storage.add(ns, key, userId)) return true
  const holder = await storage.get(ns, key)
  if (holder === undefined || holder === userId || holder.startsWith('pending:')) return false
  if (await getUser(storage, holder)) return false
  const stale = await getScimUser(storage, connection, holder)
  if (stale) await forgetScimUser(scope, stale)
  else await storage.delete(ns, key)
  return storage.add(ns, key, userId)
}

/** Claims userName and externalId for a user, or releases what it claimed and refuses. */
async function claimIndexes(
  scope: ScimScope,
  userId: string,
  claims: { userName?: string; externalId?: string },
): Promise<void> {
  const { storage, connection } = scope
  const name = claims.userName === undefined ? undefined : nameKey(connection, claims.userName)
  if (name !== undefined && !(await claim(scope, SCIM_USER_NAMES, name, userId)))
    throw uniqueness('Another user of this connection has this userName.')
  if (
    claims.externalId !== undefined &&
    !(await claim(scope, SCIM_EXTERNAL_IDS, externalKey(connection, claims.externalId), userId))
  ) {
    if (name !== undefined) await storage.delete(SCIM_USER_NAMES, name)
    throw uniqueness('Another user of this connection has this externalId.')
  }
}

export async function createScimUser(scope: ScimScope, body: unknown): Promise<ScimResource> {
  const input = parseResource('User', userResource, body)
  const { storage, connection, now } = scope
  const profile = profileOf(input)
  // Claimed before the user exists, under a provisional id: two creations of one userName
  // cannot both pass, and nothing is left behind by the one that loses.
  const provisional = `pending:${randomToken(12)}`
  await claimIndexes(scope, provisional, { userName: input.userName, externalId: input.externalId })
  const before = await signedInBefore(storage, connection, {
    subjects: [input.externalId, input.userName].filter((s): s is string => s !== undefined),
    email: input.userName,
  })
  const user = before
    ? await adopt(scope, before.user, profile)
    : await createUser(
        storage,
        {
          connection,
          email: profile.email,
          // The directory is not the IdP: the address is verified when the IdP says so at sign-in.
          emailVerified: false,
          name: profile.name,
          givenName: profile.givenName,
          familyName: profile.familyName,
          disabled: profile.disabled,
          provisionedBy: 'scim',
        },
        now,
        { indexEmail: false },
      )
  if (!user) throw new Error('user creation failed')
  await storage.set(SCIM_USER_NAMES, nameKey(connection, input.userName), user.id)
  if (input.externalId !== undefined)
    await storage.set(SCIM_EXTERNAL_IDS, externalKey(connection, input.externalId), user.id)
  const record: ScimUserRecord = {
    userId: user.id,
    connection,
    userName: input.userName,
    ...(input.externalId !== undefined && { externalId: input.externalId }),
    attributes: storedAttributes(input),
    groups: [],
    // The link made before is this user's; no other subject may take the user over.
    ...(before && { linkedSubject: before.subject ?? 'signed-in-before-provisioning' }),
    createdAt: now,
    updatedAt: now,
  }
  await storage.set(SCIM_USERS, recordKey(connection, user.id), record)
  if (before) {
    await audit(scope, {
      event: 'user.updated',
      user: user.id,
      before: snapshotOf(before.user),
      after: snapshotOf(user),
    })
    const changed = changedFields(before.user, user)
    if (changed.length) await scope.tell({ type: 'user.updated', changed }, user)
    if (!before.user.disabled && user.disabled) await deprovision(scope, user)
  } else {
    await audit(scope, { event: 'user.created', user: user.id, after: snapshotOf(user) })
    await scope.tell({ type: 'user.created' }, user)
  }
  return userResourceOf(record, user, scope.base)
}

/**
 * A user who signed in before the directory provisioned them becomes the directory's: its
 * profile from now on, and its deactivation ends their sessions.
 */
async function adopt(
  scope: ScimScope,
  user: User,
  profile: ReturnType<typeof profileOf>,
): Promise<User> {
  const sameEmail = profile.email.trim().toLowerCase() === user.email.trim().toLowerCase()
  const adopted: User = {
    ...user,
    email: profile.email,
    emailVerified: sameEmail && user.emailVerified,
    name: profile.name,
    givenName: profile.givenName,
    familyName: profile.familyName,
    groups: [],
    disabled: profile.disabled,
    provisionedBy: 'scim',
    updatedAt: scope.now,
  }
  await saveUser(scope.storage, adopted)
  return adopted
}

export async function getScimUserResource(scope: ScimScope, id: string): Promise<ScimResource> {
  const { record, user } = await load(scope, id)
  return userResourceOf(record, user, scope.base)
}

export async function listScimUsers(
  scope: ScimScope,
  conditions: EqualityCondition[],
  page: Page,
): Promise<{ total: number; resources: ScimResource[] }> {
  const { storage, connection } = scope
  let records: ScimUserRecord[]
  if (conditions.length === 0) {
    records = (
      await storage.list(SCIM_USERS, { prefix: `${connection}|`, limit: MAX_LISTED_USERS })
    ).map((r) => r.value)
  } else {
    // Every condition is an equality on a unique attribute: the first finds the one candidate.
    const [first] = conditions as [EqualityCondition]
    const found =
      first.attribute === 'userName'
        ? await scimUserByName(storage, connection, first.value)
        : first.attribute === 'externalId'
          ? await scimUserByExternalId(storage, connection, first.value)
          : await getScimUser(storage, connection, first.value)
    records = found && conditions.every((c) => matches(found, c)) ? [found] : []
  }
  const slice = records.slice(page.startIndex - 1, page.startIndex - 1 + page.count)
  const resources: ScimResource[] = []
  for (const record of slice) {
    const user = await getUser(storage, record.userId)
    if (user && user.connection === connection)
      resources.push(userResourceOf(record, user, scope.base))
  }
  return { total: records.length, resources }
}

const matches = (record: ScimUserRecord, c: EqualityCondition) =>
  c.attribute === 'userName'
    ? record.userName.toLowerCase() === c.value.toLowerCase()
    : c.attribute === 'externalId'
      ? record.externalId === c.value
      : record.userId === c.value

export async function replaceScimUser(
  scope: ScimScope,
  id: string,
  body: unknown,
  ifMatch?: string,
): Promise<ScimResource> {
  const found = await load(scope, id)
  checkIfMatch(ifMatch, userResourceOf(found.record, found.user, scope.base))
  return save(scope, found, parseResource('User', userResource, body))
}

export async function patchScimUser(
  scope: ScimScope,
  id: string,
  body: unknown,
  ifMatch?: string,
): Promise<ScimResource> {
  const operations = parsePatch(body)
  const found = await load(scope, id)
  checkIfMatch(ifMatch, userResourceOf(found.record, found.user, scope.base))
  const patched = applyPatch('User', userDocumentOf(found.record, found.user), operations)
  return save(scope, found, parseResource('User', userResource, patched))
}

/** Writes the new state, then tells: audit, lifecycle events, and deprovisioning. */
async function save(
  scope: ScimScope,
  { record, user }: { record: ScimUserRecord; user: User },
  input: UserResourceInput,
): Promise<ScimResource> {
  const { storage, connection, now } = scope
  const renamed = input.userName.toLowerCase() !== record.userName.toLowerCase()
  const externalChanged = input.externalId !== record.externalId
  await claimIndexes(scope, user.id, {
    ...(renamed && { userName: input.userName }),
    ...(externalChanged && input.externalId !== undefined && { externalId: input.externalId }),
  })
  if (renamed) await storage.delete(SCIM_USER_NAMES, nameKey(connection, record.userName))
  if (externalChanged && record.externalId !== undefined)
    await storage.delete(SCIM_EXTERNAL_IDS, externalKey(connection, record.externalId))

  const profile = profileOf(input)
  const emailChanged = profile.email.toLowerCase() !== user.email.toLowerCase()
  const after: User = {
    ...user,
    email: profile.email,
    emailVerified: emailChanged ? false : user.emailVerified,
    name: profile.name,
    givenName: profile.givenName,
    familyName: profile.familyName,
    disabled: profile.disabled,
  }
  const { externalId: _old, ...base } = record
  const nextRecord: ScimUserRecord = {
    ...base,
    userName: input.userName,
    ...(input.externalId !== undefined && { externalId: input.externalId }),
    attributes: storedAttributes(input),
    updatedAt: now,
  }
  const changed = changedFields(user, after)
  const recordChanged = JSON.stringify(nextRecord.attributes) !== JSON.stringify(record.attributes)
  if (!changed.length && !recordChanged) return userResourceOf(record, user, scope.base)
  const saved = changed.length ? { ...after, updatedAt: now } : user
  if (changed.length) await saveUser(storage, saved)
  await storage.set(SCIM_USERS, recordKey(connection, user.id), nextRecord)
  const profileChanged = changed.filter((f) => f !== 'disabled')
  if (profileChanged.length) {
    await audit(scope, {
      event: 'user.updated',
      user: user.id,
      before: snapshotOf(user),
      after: snapshotOf(saved),
    })
    await scope.tell({ type: 'user.updated', changed: profileChanged }, saved)
  }
  if (!user.disabled && saved.disabled) await deprovision(scope, saved)
  if (user.disabled && !saved.disabled) {
    await audit(scope, { event: 'user.enabled', user: user.id })
    await scope.tell({ type: 'user.updated', changed: ['disabled'] }, saved)
  }
  return userResourceOf(nextRecord, saved, scope.base)
}

/** `active: false`: no new sign-in (the user is disabled), and every session ends now. */
async function deprovision(scope: ScimScope, user: User): Promise<void> {
  await audit(scope, { event: 'user.disabled', user: user.id })
  await scope.tell({ type: 'user.disabled' }, user)
  const ended = await endSessionsOfUser(scope.ending, user.id, {
    requestId: scope.requestId,
    reason: 'deprovisioned',
  })
  if (ended)
    await audit(scope, { event: 'user.sessions_ended', user: user.id, after: { sessions: ended } })
}

/**
 * DELETE: the sessions end first (their sites hear of it), then the user goes with its identity
 * link, its SCIM record and its group memberships; `user.deleted` carries the last snapshot.
 */
export async function deleteScimUser(
  scope: ScimScope,
  id: string,
  ifMatch?: string,
): Promise<void> {
  const { record, user } = await load(scope, id)
  checkIfMatch(ifMatch, userResourceOf(record, user, scope.base))
  const { storage } = scope
  // Disabled first: a sign-in finishing meanwhile is refused rather than left a session.
  await saveUser(storage, { ...user, disabled: true, updatedAt: scope.now })
  const ended = await endSessionsOfUser(scope.ending, user.id, {
    requestId: scope.requestId,
    reason: 'deprovisioned',
  })
  await removeFromGroups(scope, record)
  await forgetScimUser(scope, record)
  await scope.deleteUserRecords(user)
  await audit(scope, {
    event: 'user.deleted',
    user: user.id,
    before: snapshotOf(user),
    ...(ended && { after: { sessionsEnded: ended } }),
  })
  await scope.tell({ type: 'user.deleted' }, user)
}
