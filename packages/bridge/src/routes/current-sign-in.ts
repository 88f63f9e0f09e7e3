/** The bridge session of this browser, if it may be used for this app. */
import type { Context } from 'hono'
import type { App } from '../domain/apps.js'
import { getSession, type Session } from '../domain/sessions.js'
import { getUser, type User } from '../domain/users.js'
import type { CookieJar } from './cookies.js'
import type { BridgeEnv, BridgeServices } from './env.js'

export async function currentSignIn(
  c: Context<BridgeEnv>,
  services: BridgeServices,
  jar: CookieJar,
  app: App,
): Promise<{ session: Session; user: User } | undefined> {
  const session = await getSession(services.storage, jar.get(c, 'session'))
  // A session from a connection this app does not accept is no sign-in for this app.
  if (!session || !app.connections.includes(session.connection)) return undefined
  const user = await getUser(services.storage, session.userId)
  if (!user || user.disabled) return undefined
  return { session, user }
}
