/**
 * Maps an upstream identity (connection, subject) to one bridge user, created on first sign-in.
 * Linking to an existing user by email happens only into the upstream connections this one names
 * in `linkByVerifiedEmail` (see config/email-linking), and only when both sides have the email
 * verified: an unverified email proves nothing about who holds it. Local (password) users are
 * never joined this way: nothing here proves the visitor holds that account.
 */
import type { UpstreamIdentity } from './upstream-identity.js'
import { linkTargets } from './link-targets.js'
import type { Storage } from '../storage/types.js'
import { getConnection, type UpstreamConnection } from './connections.js'
import { createUser, getUser, saveUser, type User } from './users.js'

/** Keyed `connection|subject`, holding the bridge user id. */
export const IDENTITIES = 'identity'
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
    [IDENTITIES]: string
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

export async function userForIdentity(
  storage: Storage,
  connection: UpstreamConnection,
  identity: UpstreamIdentity,
  now = Date.now(),
): Promise<User> {
  const key = identityKey(connection.id, identity.subject)
  const linked = await storage.get(IDENTITIES, key)
  const existing = linked ? await getUser(storage, linked) : undefined
  if (existing) return refreshProfile(storage, existing, connection, identity, now)

  const verifiedEmail = identity.emailVerified === true ? identity.email : undefined
  let user = verifiedEmail ? await findLinkableUser(storage, connection, verifiedEmail) : undefined
  user ??= await createUser(
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
  if (!user) throw new Error('user creation failed')
  if (await storage.add(IDENTITIES, key, user.id)) {
    if (user.connection === connection.id) await indexEmail(storage, user)
    return user
  }
  // Two first sign-ins raced; the other one's link wins, and ours is dropped.
  const winnerId = await storage.get(IDENTITIES, key)
  const winner = winnerId === undefined ? undefined : await getUser(storage, winnerId)
  if (user.connection === connection.id && user.id !== winner?.id)
    await storage.delete('user', user.id)
  if (!winner) throw new Error('identity link lost during a concurrent sign-in')
  return winner
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
