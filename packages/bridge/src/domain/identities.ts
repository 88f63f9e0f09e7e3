/**
 * Maps an upstream identity (connection, subject) to one bridge user, created on first sign-in.
 * Linking to an existing user by email happens only when the connection opts in and both sides
 * have the email verified: an unverified email proves nothing about who holds it.
 */
import type { UpstreamIdentity } from '../connections/upstream-identity.js'
import type { Storage } from '../storage/types.js'
import { CONNECTIONS, type Connection, type UpstreamConnection } from './connections.js'
import { createUser, findUserByEmail, getUser, saveUser, type User } from './users.js'

/** Keyed `connection|subject`, holding the bridge user id. */
export const IDENTITIES = 'identity'
const identityKey = (connection: string, subject: string) => `${connection}|${subject}`

async function findLinkableUser(storage: Storage, email: string): Promise<User | undefined> {
  for (const { value: connection } of await storage.list<Connection>(CONNECTIONS)) {
    const user = await findUserByEmail(storage, connection.id, email)
    if (user?.emailVerified) return user
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
  const linked = await storage.get<string>(IDENTITIES, key)
  const existing = linked ? await getUser(storage, linked) : undefined
  if (existing) return refreshProfile(storage, existing, connection, identity, now)

  const verifiedEmail = identity.emailVerified === true ? identity.email : undefined
  let user =
    connection.linkByVerifiedEmail && verifiedEmail
      ? await findLinkableUser(storage, verifiedEmail)
      : undefined
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
  if (await storage.add(IDENTITIES, key, user.id)) return user
  // Two first sign-ins raced; the other one's link wins, and ours is dropped.
  const winner = await getUser(storage, (await storage.get<string>(IDENTITIES, key)) as string)
  if (user.connection === connection.id && user.id !== winner?.id)
    await storage.delete('user', user.id)
  if (!winner) throw new Error('identity link lost during a concurrent sign-in')
  return winner
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
