/**
 * What deleting a user removes besides the user record: everything keyed by them. Identity links
 * and their facts, the upstream email index, passkeys and their owner claims, the used TOTP steps
 * and recovery codes, and the member emails' pending tokens. The audit log keeps its entries:
 * it is the history of what happened, and it expires on its own.
 */
import { identitiesOfUser } from '../domain/identity-links.js'
import { deleteUser, type User } from '../domain/users.js'
import { removeAllPasskeys } from '../mfa/passkeys.js'
import type { Namespace, Storage } from '../storage/types.js'

const PAGE = 500

/** Deletes every record of `ns` whose key starts with `prefix`. */
async function deletePrefix(storage: Storage, ns: Namespace, prefix: string): Promise<number> {
  let deleted = 0
  for (;;) {
    const page = await storage.list(ns, { prefix, limit: PAGE })
    for (const record of page) if (await storage.delete(ns, record.key)) deleted++
    if (page.length < PAGE) return deleted
  }
}

/** Deletes every record of `ns` whose value names the user (records keyed by something else). */
async function deleteWhere<N extends 'email-token' | 'email-code'>(
  storage: Storage,
  ns: N,
  names: (value: { userId?: string }) => boolean,
): Promise<void> {
  let start: string | undefined
  for (;;) {
    const page = await storage.list(ns, { start, limit: PAGE })
    for (const record of page) if (names(record.value)) await storage.delete(ns, record.key)
    const last = page[page.length - 1]
    if (page.length < PAGE || !last) return
    start = `${last.key}\u0001`
  }
}

export async function deleteUserRecords(storage: Storage, user: User): Promise<void> {
  for (const identity of await identitiesOfUser(storage, user)) {
    const key = `${identity.connection}|${identity.subject}`
    // Only a link that still names this user: one relinked meanwhile is someone else's.
    if ((await storage.get('identity', key)) === user.id) {
      await storage.delete('identity', key)
      await storage.delete('identity-linked', key)
    }
  }
  if (user.email)
    await storage.delete(
      'upstream-email',
      `${user.connection}:${user.email.trim().toLowerCase()}|${user.id}`,
    )
  await removeAllPasskeys(storage, user.id)
  await deletePrefix(storage, 'totp-step', `${user.id}:`)
  await deletePrefix(storage, 'recovery-code-used', `${user.id}:`)
  const isTheirs = (value: { userId?: string }) => value.userId === user.id
  await deleteWhere(storage, 'email-token', isTheirs)
  await deleteWhere(storage, 'email-code', isTheirs)
  await deleteUser(storage, user)
}
