/**
 * The identities linked to one bridge user, for the account page and the console: list, link
 * (after the user proved they hold the account, or by the admin's opt-in) and unlink. The link
 * itself is the `identity` record (`connection|subject` → user id, identities.ts); beside it,
 * `identity-linked` keeps when it was made and the email it came with, for the list.
 */
import type { Storage } from '../storage/types.js'
import { getConnection } from './connections.js'
import { sha256 } from './secret-hash.js'
import type { User } from './users.js'

/** Keyed `connection|subject`, holding the bridge user id. */
export const IDENTITIES = 'identity'
const LINKED = 'identity-linked'

/** When a link was made and the email the identity had then (shown instead of its subject). */
export interface LinkFacts {
  linkedAt: number
  email?: string
}

declare module '../storage/types.js' {
  interface StorageRecords {
    [IDENTITIES]: string
    [LINKED]: LinkFacts
  }
}

export interface LinkedIdentity {
  connection: string
  subject: string
  /** Absent for links made before this record existed. */
  linkedAt?: number
  email?: string
  /** The user's own connection: the identity they were created with. */
  primary: boolean
}

const keyOf = (connection: string, subject: string) => `${connection}|${subject}`

/** An opaque name for one identity in a form, so that no page carries the upstream subject. */
export const identityHandle = (identity: Pick<LinkedIdentity, 'connection' | 'subject'>) =>
  sha256(`identity-handle:${keyOf(identity.connection, identity.subject)}`).slice(0, 32)

const PAGE = 500

/**
 * Links are keyed by (connection, subject), so a user's own are found by scanning them: the cost
 * grows with every identity the bridge knows, which the console and the account page accept.
 */
export async function identitiesOfUser(storage: Storage, user: User): Promise<LinkedIdentity[]> {
  const found: LinkedIdentity[] = []
  let start: string | undefined
  for (;;) {
    const page = await storage.list(IDENTITIES, { start, limit: PAGE })
    for (const link of page) {
      if (link.value !== user.id) continue
      const bar = link.key.indexOf('|')
      const connection = link.key.slice(0, bar)
      const facts = await storage.get(LINKED, link.key)
      const primary = connection === user.connection
      found.push({
        connection,
        subject: link.key.slice(bar + 1),
        linkedAt: facts?.linkedAt ?? (primary ? user.createdAt : undefined),
        email: facts?.email,
        primary,
      })
    }
    const last = page[page.length - 1]
    if (page.length < PAGE || !last) return found
    start = `${last.key}\u0001`
  }
}

/** Notes when a link was made; the link itself is written by whoever makes it, atomically. */
export async function noteLink(
  storage: Storage,
  connection: string,
  subject: string,
  facts: LinkFacts,
): Promise<void> {
  await storage.set(LINKED, keyOf(connection, subject), facts)
}

/**
 * Links (connection, subject) to the user unless it is linked already (to them or anyone):
 * true when this call made the link.
 */
export async function linkIdentity(
  storage: Storage,
  userId: string,
  identity: { connection: string; subject: string; email?: string },
  now = Date.now(),
): Promise<boolean> {
  const key = keyOf(identity.connection, identity.subject)
  if (!(await storage.add(IDENTITIES, key, userId))) return false
  await noteLink(storage, identity.connection, identity.subject, {
    linkedAt: now,
    email: identity.email,
  })
  return true
}

export type UnlinkRefusal = 'identity_unknown' | 'identity_primary' | 'identity_last'

/**
 * Removes one of the user's identities, found by its handle. Their own connection's identity
 * stays (the user record belongs to it), and so does the last way they can still sign in.
 */
export async function unlinkIdentity(
  storage: Storage,
  user: User,
  handle: string,
): Promise<{ removed: LinkedIdentity } | { refused: UnlinkRefusal }> {
  const mine = await identitiesOfUser(storage, user)
  const target = mine.find((identity) => identityHandle(identity) === handle)
  if (!target) return { refused: 'identity_unknown' }
  if (target.primary) return { refused: 'identity_primary' }
  if ((await waysToSignIn(storage, user, mine)) <= 1) return { refused: 'identity_last' }
  const key = keyOf(target.connection, target.subject)
  // Only a link that still names this user is removed: a concurrent unlink leaves nothing to do.
  if ((await storage.get(IDENTITIES, key)) !== user.id) return { refused: 'identity_unknown' }
  await storage.delete(IDENTITIES, key)
  await storage.delete(LINKED, key)
  return { removed: target }
}

/** Identities of connections that still exist, and a local account's own password or passkey. */
async function waysToSignIn(storage: Storage, user: User, mine: LinkedIdentity[]) {
  let ways = 0
  for (const identity of mine) if (await getConnection(storage, identity.connection)) ways++
  const own = await getConnection(storage, user.connection)
  if (own?.type === 'local') ways++
  return ways
}

/** The facts of a connection's links go with them when the connection is deleted. */
export async function forgetLinkFacts(storage: Storage, connection: string): Promise<void> {
  for (;;) {
    const page = await storage.list(LINKED, { prefix: `${connection}|`, limit: PAGE })
    for (const { key } of page) await storage.delete(LINKED, key)
    if (page.length < PAGE) return
  }
}
