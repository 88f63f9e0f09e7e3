/** What every SCIM operation runs with: one token's connection, its actor, and the bridge parts. */
import { recordAudit, type Actor, type AuditInput } from '../audit-log.js'
import type { SessionEnding } from '../session-ending.js'
import type { Storage } from '../../storage/types.js'
import type { TellUserEvent } from '../user-events.js'
import type { User } from '../users.js'

export interface ScimScope {
  storage: Storage
  /** Ends a deprovisioned user's sessions, with their back-channel logouts and webhooks. */
  ending: SessionEnding
  /**
   * Removes the user and everything keyed by them (identity links, passkeys, codes): the admin's
   * own deletion (admin/user-deletion.ts), handed in because it reaches past the domain.
   */
  deleteUserRecords(user: User): Promise<void>
  /** Queues a lifecycle event for the apps; a failure is logged, the change stands. */
  tell: TellUserEvent
  /** The token's connection: the only one whose users and groups it reaches. */
  connection: string
  /** `scim`, the token's id. */
  actor: Actor
  requestId?: string
  /** The SCIM base URL (`<issuer>/scim/v2`), for `meta.location`. */
  base: string
  now: number
}

/** One page of a listing (RFC 7644 §3.4.2.4): 1-based, at most MAX_PAGE. */
export interface Page {
  startIndex: number
  count: number
}

export const MAX_PAGE = 200

/** An audit entry of the token's doing, about its connection. */
export const scimAudit = (
  scope: ScimScope,
  input: Omit<AuditInput, 'actor' | 'connection' | 'requestId'>,
) =>
  recordAudit(
    scope.storage,
    { ...input, actor: scope.actor, connection: scope.connection, requestId: scope.requestId },
    scope.now,
  )
