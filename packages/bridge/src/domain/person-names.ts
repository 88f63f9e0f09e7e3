/**
 * Given and family names for users who only have a display `name` (many IdPs and the local
 * store give just that), for the claims and platforms that want the two parts.
 */
import type { User } from './users.js'

export interface PersonNames {
  givenName?: string
  familyName?: string
}

/**
 * The user's own split names win: the IdP or the admin said so. With neither, `name` is split at
 * its last run of whitespace: "Ann Marie Example" gives "Ann Marie" and "Example"; a single word
 * is the given name and there is no family name (a platform that requires one says how it is
 * filled, see the Thinkific preset). With only one of them, the other is what `name` holds
 * besides it ("Alice" of "Alice Example" leaves "Example"), or none.
 */
export function personNames(user: Pick<User, 'name' | 'givenName' | 'familyName'>): PersonNames {
  const { givenName, familyName } = user
  if (givenName && familyName) return { givenName, familyName }
  const name = user.name?.trim().replace(/\s+/g, ' ') ?? ''
  if (givenName) {
    const rest = name.startsWith(givenName + ' ') ? name.slice(givenName.length + 1) : ''
    return { givenName, familyName: rest || undefined }
  }
  if (familyName) {
    const rest = name.endsWith(' ' + familyName) ? name.slice(0, -familyName.length - 1) : ''
    return { givenName: rest || undefined, familyName }
  }
  if (!name) return {}
  const split = name.lastIndexOf(' ')
  if (split < 0) return { givenName: name }
  return { givenName: name.slice(0, split), familyName: name.slice(split + 1) }
}
