/** The bridge session of this browser, if it may be used for this app. */
import type { App } from '../domain/apps.js'
import { getSessionAndUser, type Session } from '../domain/sessions.js'
import type { User } from '../domain/users.js'
import type { Storage } from '../storage/types.js'

export interface SignedIn {
  session: Session
  user: User
}

export async function currentSignIn(
  storage: Storage,
  sessionCookie: string | undefined,
  app: App,
): Promise<SignedIn | undefined> {
  const found = await getSessionAndUser(storage, sessionCookie)
  if (!found) return undefined
  const { session, user } = found
  // A session from a connection this app does not accept is no sign-in for this app.
  if (!app.connections.includes(session.connection)) return undefined
  if (!user || user.disabled) return undefined
  return { session, user }
}
