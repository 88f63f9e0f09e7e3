/**
 * Maps an upstream identity (connection, subject) to one bridge user, created on first sign-in.
 * Linking to an existing user by email alone happens only into the upstream connections this one
 * names in `linkByVerifiedEmail` (see config/email-linking), and only when both sides have the
 * email verified: an unverified email proves nothing about who holds it. Any other existing user
 * with the same email (local password users included) is only reported as a match: the sign-in
 * then asks the visitor to prove they hold that account (sign-in/account-link.ts) before linking.
 */
import type { UpstreamIdentity } from './upstream-identity.js'
import { linkTargets } from './link-targets.js'
import type { Storage } from '../storage/types.js'
import { recordAudit } from './audit-log.js'
import { getConnection, type UpstreamConnection } from './connections.js'
import { IDENTITIES, forgetLinkFacts, linkIdentity } from './identity-links.js'
import { changedFields } from './lifecycle-events.js'
import type { TellUserEvent } from './user-events.js'
import { createUser, findUserByEmail, getUser, saveUser, type User } from './users.js'
import { noteProvisionedLink, provisionedUserIdFor } from './scim/provisioned-link.js'

export { IDENTITIES }
const identityKey = (connection: string, subject: string) => `${connection}|${subject}`

/**
 * Upstream users by email, keyed `connection:email|user id`. Not unique (an IdP may give two
 * subjects one email), so it is a prefix scan; only the linking lookup reads it.
 */
export const UPSTREAM_EMAILS = 'upstream-email'
const emailPrefix = (connection: string, email: string) =>
  `${connection}:${email.trim().toLowerCase()}|`

declare module '../storage/types.js' {
  interface StorageRecords {
    [UPSTREAM_EMAILS]: string
  }
}

async function indexEmail(storage: Storage, user: User): Promise<void> {
  if (user.email)
    await storage.add(UPSTREAM_EMAILS, emailPrefix(user.connection, user.email) + user.id, user.id)
}

/** The one verified user of a named upstream connection with this email, in the admin's order. */
async function findLinkableUser(
  storage: Storage,
  connection: UpstreamConnection,
  email: string,
): Promise<User | undefined> {
  for (const target of linkTargets(connection)) {
    const other = target === connection.id ? undefined : await getConnection(storage, target)
    // Checked again here: the target may have been deleted and recreated as a local connection.
    if (!other || other.type === 'local') continue
    const keys = await storage.list(UPSTREAM_EMAILS, {
      prefix: emailPrefix(target, email),
      limit: 10,
    })
    const users = await Promise.all(keys.map((k) => getUser(storage, k.value)))
    const matches = users.filter(
      (u): u is User =>
        u !== undefined &&
        u.connection === target &&
        u.emailVerified &&
        u.passwordHash === undefined &&
        u.email.trim().toLowerCase() === email.trim().toLowerCase(),
    )
    // Two users with one email: neither is "the" owner, so no link.
    if (matches.length === 1) return matches[0]
  }
  return undefined
}

/** Who an identity is: its user, or the existing users whose email it shares (not linked yet). */
export type IdentityResolution = { user: User } | { matches: string[] }

/**
 * The user of an upstream identity: the one it is linked to, the one the admin's opt-in joins it
 * to, or a new one. With `proofFrom` (the connections the visitor could sign in through now),
 * existing users there with the same email are returned as matches instead of a new user being
 * made: only the holder of one of them may link it, by signing in to it. `tell` hears of a user
 * this created (`user.created`) or whose profile the IdP changed (`user.updated`).
 */
export async function resolveIdentity(
  storage: Storage,
  connection: UpstreamConnection,
  identity: UpstreamIdentity,
  options: { proofFrom?: string[]; now?: number; tell?: TellUserEvent } = {},
): Promise<IdentityResolution> {
  const now = options.now ?? Date.now()
  const key = identityKey(connection.id, identity.subject)
  const linked = await storage.get(IDENTITIES, key)
  const existing = linked ? await getUser(storage, linked) : undefined
  const refreshed = async (user: User) => {
    const after = await refreshProfile(storage, user, connection, identity, now)
    const changed = after === user ? [] : changedFields(user, after)
    if (changed.length) await options.tell?.({ type: 'user.updated', changed }, after)
    return after
  }
  if (existing) return { user: await refreshed(existing) }

  // A user the connection's directory provisioned (SCIM) is found first, in this connection only.
  const provisionedId = await provisionedUserIdFor(storage, connection.id, identity)
  const provisioned =
    provisionedId === undefined ? undefined : await getUser(storage, provisionedId)
  if (provisioned?.connection === connection.id) {
    const user = await linkOrWinner(storage, connection, identity, provisioned, now, false)
    if (user.id !== provisioned.id) return { user }
    await noteProvisionedLink(storage, connection.id, user.id, identity.subject)
    return { user: await refreshed(user) }
  }

  const verifiedEmail = identity.emailVerified === true ? identity.email : undefined
  const optedIn = verifiedEmail
    ? await findLinkableUser(storage, connection, verifiedEmail)
    : undefined
  if (optedIn)
    return { user: await linkOrWinner(storage, connection, identity, optedIn, now, false) }
  // Only an email its IdP vouches for: an unverified one would let anybody learn, by typing an
  // address, that an account has it.
  const proofFrom = (options.proofFrom ?? []).filter((id) => id !== connection.id)
  if (verifiedEmail && proofFrom.length > 0) {
    const matches = await findEmailMatches(storage, proofFrom, verifiedEmail)
    if (matches.length > 0) return { matches }
  }
  const created = await createUser(
    storage,
    {
      connection: connection.id,
      email: identity.email ?? '',
      emailVerified: identity.emailVerified === true,
      name: identity.name,
      givenName: identity.givenName,
      familyName: identity.familyName,
      groups: identity.groups,
    },
    now,
    { indexEmail: false },
  )
  if (!created) throw new Error('user creation failed')
  const user = await linkOrWinner(storage, connection, identity, created, now)
  // A concurrent first sign-in's user may have won the link: only ours is new.
  if (user.id === created.id) await options.tell?.({ type: 'user.created' }, user)
  return { user }
}

/** The user of an identity without asking anyone for proof: linked, opted in, or new. */
export async function userForIdentity(
  storage: Storage,
  connection: UpstreamConnection,
  identity: UpstreamIdentity,
  options: { now?: number; tell?: TellUserEvent } = {},
): Promise<User> {
  const resolved = await resolveIdentity(storage, connection, identity, options)
  if (!('user' in resolved)) throw new Error('identity resolved to matches without proofFrom')
  return resolved.user
}

async function linkOrWinner(
  storage: Storage,
  connection: UpstreamConnection,
  identity: UpstreamIdentity,
  user: User,
  now: number,
  /** Whether this sign-in made `user`: only then is it dropped when another link wins. */
  created = true,
): Promise<User> {
  const key = identityKey(connection.id, identity.subject)
  const at = { connection: connection.id, subject: identity.subject, email: identity.email }
  if (await linkIdentity(storage, user.id, at, now)) {
    if (user.connection === connection.id) await indexEmail(storage, user)
    else
      await recordAudit(
        storage,
        {
          event: 'user.identity_linked',
          actor: { type: 'system', id: 'linkByVerifiedEmail' },
          user: user.id,
          connection: connection.id,
          after: { connection: connection.id, by: 'linkByVerifiedEmail' },
        },
        now,
      )
    return user
  }
  // Two first sign-ins raced; the other one's link wins, and ours is dropped.
  const winnerId = await storage.get(IDENTITIES, key)
  const winner = winnerId === undefined ? undefined : await getUser(storage, winnerId)
  if (created && user.connection === connection.id && user.id !== winner?.id)
    await storage.delete('user', user.id)
  if (!winner) throw new Error('identity link lost during a concurrent sign-in')
  return winner
}

/**
 * Existing, enabled users of these connections whose email is this one (any case): local users
 * by their email index, upstream users by theirs. Whether their email is verified does not
 * matter: nothing links until the visitor signs in to one of them.
 */
export async function findEmailMatches(
  storage: Storage,
  connections: string[],
  email: string,
): Promise<string[]> {
  const wanted = email.trim().toLowerCase()
  const found: User[] = []
  for (const id of connections) {
    const connection = await getConnection(storage, id)
    if (!connection) continue
    if (connection.type === 'local') {
      const user = await findUserByEmail(storage, id, email)
      if (user) found.push(user)
      continue
    }
    const keys = await storage.list(UPSTREAM_EMAILS, { prefix: emailPrefix(id, email), limit: 10 })
    for (const k of keys) {
      const user = await getUser(storage, k.value)
      if (user?.connection === id) found.push(user)
    }
  }
  return found
    .filter((u) => !u.disabled && u.email.trim().toLowerCase() === wanted)
    .map((u) => u.id)
}

/**
 * The one user who signed in through this connection before its directory provisioned them
 * (SCIM): linked by one of these subjects, or with this email verified by the IdP. Users the
 * directory already has, and several candidates, give none. Returns the subject when known.
 */
export async function signedInBefore(
  storage: Storage,
  connection: string,
  keys: { subjects: string[]; email?: string },
): Promise<{ user: User; subject?: string } | undefined> {
  const found = new Map<string, string | undefined>()
  for (const subject of keys.subjects) {
    const id = await storage.get(IDENTITIES, identityKey(connection, subject))
    if (id !== undefined) found.set(id, subject)
  }
  const wanted = keys.email?.trim().toLowerCase()
  if (wanted)
    for (const k of await storage.list(UPSTREAM_EMAILS, {
      prefix: emailPrefix(connection, wanted),
      limit: 10,
    }))
      if (!found.has(k.value)) found.set(k.value, undefined)
  const candidates: { user: User; subject?: string }[] = []
  for (const [id, subject] of found) {
    const user = await getUser(storage, id)
    if (!user || user.connection !== connection || user.provisionedBy === 'scim') continue
    // By email alone only what the IdP verified: an unverified address proves nothing.
    if (
      subject === undefined &&
      !(user.emailVerified && user.email.trim().toLowerCase() === wanted)
    )
      continue
    candidates.push({ user, subject })
  }
  return candidates.length === 1 ? candidates[0] : undefined
}

/** Whether anyone has signed in through this connection: its IdP decides who they are. */
export async function hasIdentities(storage: Storage, connection: string): Promise<boolean> {
  return (await storage.list(IDENTITIES, { prefix: `${connection}|`, limit: 1 })).length > 0
}

/**
 * Forgets who signed in through a connection that is being deleted: its identity links and its
 * users' email index. A connection created later with the same id starts with nobody, so whoever
 * creates it cannot inherit them (its IdP asserting an old subject gets a new user). The users
 * stay (their records, audit trail and links from other connections); nothing signs in as them
 * through this id again. Returns how many identity links were removed.
 */
export async function forgetConnectionIdentities(
  storage: Storage,
  connection: string,
): Promise<number> {
  let removed = 0
  await forgetLinkFacts(storage, connection)
  for (const [ns, prefix] of [
    [IDENTITIES, `${connection}|`],
    [UPSTREAM_EMAILS, `${connection}:`],
  ] as const) {
    for (;;) {
      const page = await storage.list(ns, { prefix, limit: 500 })
      for (const { key } of page)
        if ((await storage.delete(ns, key)) && ns === IDENTITIES) removed++
      if (page.length < 500) break
    }
  }
  return removed
}

async function unindexEmail(storage: Storage, user: User): Promise<void> {
  if (user.email)
    await storage.delete(UPSTREAM_EMAILS, emailPrefix(user.connection, user.email) + user.id)
}

/** The IdP is the source of truth for users it owns; linked users keep their own profile. */
async function refreshProfile(
  storage: Storage,
  user: User,
  connection: UpstreamConnection,
  identity: UpstreamIdentity,
  now: number,
): Promise<User> {
  if (user.connection !== connection.id) return user
  if (user.provisionedBy === 'scim') return refreshProvisioned(storage, user, identity, now)
  // Also indexes users created before the index existed, at their next sign-in.
  if (identity.email !== undefined && identity.email !== user.email)
    await unindexEmail(storage, user)
  await indexEmail(storage, { ...user, email: identity.email ?? user.email })
  const updated: User = {
    ...user,
    email: identity.email ?? user.email,
    emailVerified: identity.emailVerified === true,
    name: identity.name,
    givenName: identity.givenName,
    familyName: identity.familyName,
    groups: identity.groups,
  }
  if (JSON.stringify(updated) === JSON.stringify(user)) return user
  const saved = { ...updated, updatedAt: now }
  await saveUser(storage, saved)
  return saved
}

/**
 * A provisioned user's profile and groups are the directory's (SCIM keeps them current); the
 * IdP says only whether the address is verified, and only for the address the user has.
 */
async function refreshProvisioned(
  storage: Storage,
  user: User,
  identity: UpstreamIdentity,
  now: number,
): Promise<User> {
  const sameEmail =
    identity.email !== undefined &&
    identity.email.trim().toLowerCase() === user.email.trim().toLowerCase()
  const emailVerified = sameEmail && identity.emailVerified === true
  if (emailVerified === user.emailVerified) return user
  const saved = { ...user, emailVerified, updatedAt: now }
  await saveUser(storage, saved)
  return saved
}
