/**
 * A user's live sessions as the account page and the admin show them: device, created, last
 * seen, the apps each signed into. A session is named by its public `sid`; the hash storage keys
 * it with stays on this side, for ending it.
 */
import type { Storage } from '../storage/types.js'
import { getApp } from './apps.js'
import { signedInAppIds } from './backchannel-logout.js'
import type { SessionDevice } from './session-device.js'
import { lastSeenOf, sessionsOfUser, type Session } from './sessions.js'

export interface SessionApp {
  id: string
  /** The app's name now; its id when the app is gone. */
  name: string
}

export interface SessionSummary {
  /** Absent on sessions older than the public id: those end only with "end all". */
  sid?: string
  connection: string
  device?: SessionDevice
  /** The factors used (`pwd`, `otp`, `hwk`…), as the token's `amr`. */
  amr: string[]
  createdAt: number
  lastSeenAt: number
  expiresAt: number
  apps: SessionApp[]
}

export interface FoundSession {
  hash: string
  session: Session
}

async function appsOf(storage: Storage, sid: string | undefined): Promise<SessionApp[]> {
  if (!sid) return []
  const apps: SessionApp[] = []
  for (const id of await signedInAppIds(storage, sid)) {
    apps.push({ id, name: (await getApp(storage, id))?.name ?? id })
  }
  return apps
}

/** What the list shows of one session. */
export async function summaryOf(storage: Storage, found: FoundSession): Promise<SessionSummary> {
  const { session, hash } = found
  return {
    ...(session.sid && { sid: session.sid }),
    connection: session.connection,
    ...(session.device && { device: session.device }),
    amr: session.amr,
    createdAt: session.createdAt,
    lastSeenAt: await lastSeenOf(storage, hash, session),
    expiresAt: session.expiresAt,
    apps: await appsOf(storage, session.sid),
  }
}

/** The user's live sessions with their summaries, the one used most recently first. */
export async function listSessions(
  storage: Storage,
  userId: string,
): Promise<(FoundSession & { summary: SessionSummary })[]> {
  const listed = []
  for (const found of await sessionsOfUser(storage, userId)) {
    listed.push({ ...found, summary: await summaryOf(storage, found) })
  }
  return listed.sort((a, b) => b.summary.lastSeenAt - a.summary.lastSeenAt)
}

/** The shape of a `sid` (randomToken(16)): anything else names no session. */
export const SID_PATTERN = /^[A-Za-z0-9_-]{16,64}$/

/** The user's live session with this public id; undefined when it is not one of theirs. */
export async function findSessionOfUser(
  storage: Storage,
  userId: string,
  sid: string,
): Promise<FoundSession | undefined> {
  if (!SID_PATTERN.test(sid)) return undefined
  return (await sessionsOfUser(storage, userId)).find((found) => found.session.sid === sid)
}
