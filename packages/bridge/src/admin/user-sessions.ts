/**
 * A user's sessions for the console, the API and the CLI: list them with the apps each signed
 * into, end one or all. Ending goes through the one session ending (back-channel logouts, the
 * OpenID Provider's sessions, `session.ended` to the apps), with the reason `admin` and the admin
 * as actor in the audit log.
 */
import { recordAudit, type Actor } from '../domain/audit-log.js'
import { defaultBackoff } from '../domain/backchannel-backoff.js'
import type { SessionEndReason } from '../domain/lifecycle-events.js'
import {
  endSessionByHash,
  endSessionsOfUser,
  type SessionEnding,
} from '../domain/session-ending.js'
import { findSessionOfUser, listSessions, type SessionSummary } from '../domain/session-list.js'
import { getUser, type User } from '../domain/users.js'
import { BridgeError } from '../errors.js'
import { silentLogger } from '../logger.js'
import type { AdminDeps } from './context.js'
import { notFound } from './input.js'

/** A session as the admin sees it: what the user sees, named by its public sid. */
export type AdminSession = SessionSummary

/**
 * Without the server's ending (the CLI), the back-channel logouts still go into the outbox, for
 * the worker of any running bridge to send; the OpenID Provider's sessions end with it there.
 */
export function sessionEndingFor(deps: AdminDeps): SessionEnding {
  return (
    deps.sessions ?? {
      storage: deps.storage,
      logger: silentLogger,
      backchannel: { windowMs: defaultBackoff.windowMs, wake: () => {} },
      endProviderSessions: async () => {},
      wakeWebhooks: deps.webhooks?.wake,
    }
  )
}

const USER_ID = /^[\w-]{1,64}$/

export function userSessionService(deps: AdminDeps) {
  const { storage } = deps
  const now = deps.now ?? Date.now
  const ending = sessionEndingFor(deps)

  async function load(id: string): Promise<User> {
    const user = USER_ID.test(id) ? await getUser(storage, id) : undefined
    if (!user) throw notFound('user', String(id).slice(0, 64))
    return user
  }

  /** Ends every session of the user; audited as user.sessions_ended when there was one. */
  async function endAllOf(
    actor: Actor,
    user: User,
    reason: SessionEndReason,
    requestId?: string,
  ): Promise<number> {
    const ended = await endSessionsOfUser(ending, user.id, { requestId, reason })
    if (ended)
      await recordAudit(
        storage,
        {
          event: 'user.sessions_ended',
          actor,
          user: user.id,
          connection: user.connection,
          after: { sessions: ended, reason },
          requestId,
        },
        now(),
      )
    return ended
  }

  return {
    /** The user's live sessions, the one used most recently first. */
    async list(id: string): Promise<AdminSession[]> {
      const user = await load(id)
      return (await listSessions(storage, user.id)).map((listed) => listed.summary)
    },

    /** Ends one session of the user, named by its sid; another user's sid is not found. */
    async end(actor: Actor, id: string, sid: string, requestId?: string): Promise<void> {
      const user = await load(id)
      const found = await findSessionOfUser(storage, user.id, sid)
      if (!found)
        throw new BridgeError('not_found', {
          reason: 'session_unknown',
          message: 'no such session of this user',
          description: 'This user has no live session with this id.',
        })
      await endSessionByHash(ending, found, { requestId, reason: 'admin' })
      await recordAudit(
        storage,
        {
          event: 'session.ended',
          actor,
          user: user.id,
          connection: found.session.connection,
          target: { type: 'session', id: sid },
          after: { reason: 'admin' },
          requestId,
        },
        now(),
      )
    },

    /** Ends every session of the user; returns how many ended. */
    async endAll(actor: Actor, id: string, requestId?: string): Promise<{ ended: number }> {
      return { ended: await endAllOf(actor, await load(id), 'admin', requestId) }
    },

    /** For disabling and deleting: every session ends, with that reason. */
    endAllOf,
  }
}

export type UserSessionService = ReturnType<typeof userSessionService>
