/**
 * OIDC Back-Channel Logout 1.0: the bridge remembers which apps each session signed into, and on
 * logout mints one logout token per app that has a `backchannelLogoutUrl` (the others are
 * remembered too, for the session list, and forgotten with the session). A logout token is
 * signed like the app's own tokens (its HS256 secret, or the bridge's key for its alg), so a site
 * verifies it with the configuration it already has.
 */
import { SignJWT } from 'jose'
import type { Storage } from '../storage/types.js'
import type { AppKeys } from './app-keys.js'
import { getApp, type App } from './apps.js'
import { subjectFor } from './mint-token.js'
import type { PairwiseSubjects } from './pairwise-subject.js'
import { randomToken } from './random-token.js'
import type { Session } from './sessions.js'

export const BACKCHANNEL_LOGOUT_EVENT = 'http://schemas.openid.net/event/backchannel-logout'
export const LOGOUT_TOKEN_TTL_SECONDS = 120

const SESSION_APPS = 'session-app'
const key = (sid: string, appId: string) => `${sid}|${appId}`

// Keyed `sid|app id`, holding the app id.
declare module '../storage/types.js' {
  interface StorageRecords {
    [SESSION_APPS]: string
  }
}

/**
 * Notes that this session gave a token to this app, whether or not the app hears of logouts (the
 * session list shows every app); forgotten when the session would expire.
 */
export async function rememberSignedInApp(
  storage: Storage,
  session: Pick<Session, 'sid' | 'expiresAt'>,
  app: Pick<App, 'id'>,
  now = Date.now(),
): Promise<void> {
  if (!session.sid) return
  const ttl = Math.ceil((session.expiresAt - now) / 1000)
  if (ttl > 0) await storage.set(SESSION_APPS, key(session.sid, app.id), app.id, ttl)
}

/** The ids of the apps this session signed into, in id order. */
export async function signedInAppIds(storage: Storage, sid: string): Promise<string[]> {
  const records = await storage.list(SESSION_APPS, { prefix: `${sid}|`, limit: 500 })
  return records.map((record) => record.value)
}

/**
 * Hands `queue` the apps this session signed into that want to hear of its end, then removes
 * their records: only once they are queued, so a crash in between loses none.
 */
export async function takeSignedInApps(
  storage: Storage,
  sid: string,
  queue: (apps: App[]) => Promise<number>,
): Promise<number> {
  const records = await storage.list(SESSION_APPS, { prefix: `${sid}|`, limit: 500 })
  const apps: App[] = []
  for (const record of records) {
    const app = await getApp(storage, record.value)
    if (app?.backchannelLogoutUrl) apps.push(app)
  }
  const queued = apps.length ? await queue(apps) : 0
  for (const record of records) await storage.delete(SESSION_APPS, record.key)
  return queued
}

export type LogoutTokenMinter = (input: {
  app: App
  userId: string
  sid: string
  /** The delivery's own: the same in every attempt's token. A fresh one when unset. */
  jti?: string
}) => Promise<string>

export function createLogoutTokenMinter(options: {
  issuer: string
  appKeys: AppKeys
  pairwise?: PairwiseSubjects
  now?: () => number
}): LogoutTokenMinter {
  const now = options.now ?? Date.now
  return async ({ app, userId, sid, jti }) => {
    const { key, kid, alg } = await options.appKeys(app)
    const iat = Math.floor(now() / 1000)
    return new SignJWT({
      sid,
      events: { [BACKCHANNEL_LOGOUT_EVENT]: {} },
    })
      .setProtectedHeader({ alg, typ: 'logout+jwt', ...(kid ? { kid } : {}) })
      .setIssuer(options.issuer)
      .setAudience(app.id)
      .setSubject(await subjectFor(app, userId, options.pairwise))
      .setIssuedAt(iat)
      .setExpirationTime(iat + LOGOUT_TOKEN_TTL_SECONDS)
      .setJti(jti ?? randomToken(16))
      .sign(key)
  }
}

/**
 * The same user signed in again (step-up, `prompt=login`) and got a new session: logout must still
 * reach the apps the replaced session signed into.
 */
export async function carrySignedInApps(
  storage: Storage,
  fromSid: string,
  to: Pick<Session, 'sid' | 'expiresAt'>,
  now = Date.now(),
): Promise<void> {
  if (!to.sid) return
  const ttl = Math.ceil((to.expiresAt - now) / 1000)
  for (const record of await storage.list(SESSION_APPS, { prefix: `${fromSid}|` })) {
    const appId = await storage.consume(SESSION_APPS, record.key)
    if (appId && ttl > 0) await storage.set(SESSION_APPS, key(to.sid, appId), appId, ttl)
  }
}
