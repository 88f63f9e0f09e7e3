/**
 * The audit log: sign-ins, failures with their reason, and every configuration change with who
 * made it and the record before and after (as `public-records` shows it: never a secret).
 *
 * Entries are records whose keys sort newest first (inverted epoch ms, then a random suffix), so
 * a listing is a range scan from a start key. Each entry is also written under one index key per
 * app, connection, user and actor, which makes those filters a prefix scan instead of a full one.
 * Entries expire after AUDIT_RETENTION_DAYS.
 */
import type { Storage } from '../storage/types.js'
import { randomToken } from './random-token.js'

export type ActorType =
  | 'admin'
  | 'api_key'
  | 'cli'
  | 'config'
  | 'user'
  | 'anonymous'
  /** A SCIM bearer token of a connection (its id): the company directory provisioning. */
  | 'scim'
  /** The bridge itself (a sign-in that created a user, an expiry). */
  | 'system'

/**
 * Who did it: an admin, an API key, someone at the CLI, the config file, the user, a SCIM token,
 * or the bridge itself.
 */
export interface Actor {
  type: ActorType
  id: string
  /** A human name for the id (an admin's email, a key's name), as it was at the time. */
  label?: string
}

export const auditEvents = [
  'sign_in.succeeded',
  'sign_in.failed',
  'app.created',
  'app.updated',
  'app.deleted',
  'app.private_network_changed',
  'app.backchannel_delivery_retried',
  'app.platform_checked',
  'connection.created',
  'connection.updated',
  'connection.deleted',
  'connection.email_trust_changed',
  'connection.idp_changed',
  'connection.private_network_changed',
  'user.created',
  'user.updated',
  'user.disabled',
  'user.enabled',
  'user.password_reset',
  'user.mfa_reset',
  // an admin sent the member a verification or password reset link
  'user.verification_sent',
  'user.reset_sent',
  // a member's own doing: sign-up, following the verification link
  'user.signed_up',
  'user.email_verified',
  'user.deleted',
  // a member's own doing on the account page, or an enrolment at sign-in
  'user.mfa_enrolled',
  'user.mfa_removed',
  'user.identity_linked',
  'user.identity_unlinked',
  // one session ended by its user or an admin (sign-outs are not audited one by one)
  'session.ended',
  // every session of a user ended at once (a disable, a delete, a deprovisioning, an admin)
  'user.sessions_ended',
  'app.webhook_created',
  'app.webhook_updated',
  'app.webhook_deleted',
  'app.webhook_secret_rotated',
  'app.webhook_replayed',
  'connection.scim_token_created',
  'connection.scim_token_revoked',
  'group.created',
  'group.updated',
  'group.deleted',
  'key.rotation_scheduled',
  'admin.created',
  'admin.signed_in',
  'admin.sign_in_failed',
  'admin.mfa_enrolled',
  'admin.mfa_reset',
  'api_key.created',
  'api_key.revoked',
  'email.sent',
  'email.failed',
  // an admin made a failed or waiting email due now (the console's or the API's retry)
  'email.retried',
  // an admin changed the overrides of one language's strings (the console's Strings page)
  'strings.updated',
] as const
export type AuditEvent = (typeof auditEvents)[number]

export interface AuditInput {
  event: AuditEvent
  actor: Actor
  /** The dimensions the log is filtered by. */
  app?: string
  connection?: string
  /** The bridge user concerned (signing in, or being changed). */
  user?: string
  /** What was changed, when it is not one of the above (a key, an admin, an API key). */
  target?: { type: string; id: string }
  /** Why a sign-in failed: an error code such as `invalid_credentials`. */
  reason?: string
  /** The email a failed sign-in was tried with (there may be no such user). */
  email?: string
  before?: unknown
  after?: unknown
  /** Names of sealed fields whose value changed (the values themselves are never logged). */
  secretsChanged?: string[]
  requestId?: string
}

export interface AuditEntry extends AuditInput {
  id: string
  /** Epoch milliseconds. */
  at: number
}

export interface AuditFilter {
  app?: string
  connection?: string
  user?: string
  /** `type:id`, as in an entry's actor. */
  actor?: string
  /** An event name, or its family before the dot (`sign_in`, `app`…). */
  event?: string
  /** Epoch ms, inclusive. */
  since?: number
  until?: number
}

export const AUDIT_RETENTION_DAYS = 365
export const MAX_AUDIT_PAGE = 1000
const AUDIT = 'audit'
const INDEX = 'audit-index'

// The index holds a copy of each entry under every dimension it names.
declare module '../storage/types.js' {
  interface StorageRecords {
    [AUDIT]: AuditEntry
    [INDEX]: AuditEntry
  }
}

// A filtered listing reads at most this many entries per call and then hands out a cursor.
const MAX_SCAN = 5000
const SCAN_PAGE = 250
const LATEST = 9_999_999_999_999
const ID = /^\d{13}-[A-Za-z0-9_-]{8}$/

const invert = (at: number) => String(LATEST - at).padStart(13, '0')
// Entries of one process within one millisecond still list newest first: a falling counter
// leads the suffix (the rest stays random, so processes sharing storage never collide).
let sequence = 0
const suffix = () => String(999 - (sequence++ % 1000)).padStart(3, '0') + randomToken(4).slice(0, 5)
const atOf = (id: string) => LATEST - Number(id.slice(0, 13))
export const isAuditCursor = (value: string) => ID.test(value)

type Dimension = 'user' | 'app' | 'connection' | 'actor'
const indexPrefix = (dimension: Dimension, value: string) =>
  `${dimension}=${encodeURIComponent(value)}|`

export async function recordAudit(
  storage: Storage,
  input: AuditInput,
  now = Date.now(),
): Promise<AuditEntry> {
  const id = `${invert(now)}-${suffix()}`
  const entry = JSON.parse(JSON.stringify({ id, at: now, ...input })) as AuditEntry
  const ttl = AUDIT_RETENTION_DAYS * 24 * 3600
  const dimensions: [Dimension, string | undefined][] = [
    ['user', entry.user],
    ['app', entry.app],
    ['connection', entry.connection],
    ['actor', `${entry.actor.type}:${entry.actor.id}`],
  ]
  await Promise.all([
    storage.set(AUDIT, id, entry, ttl),
    ...dimensions
      .filter((d): d is [Dimension, string] => d[1] !== undefined)
      .map(([dimension, value]) =>
        storage.set(INDEX, indexPrefix(dimension, value) + id, entry, ttl),
      ),
  ])
  return entry
}

function matches(entry: AuditEntry, filter: AuditFilter): boolean {
  if (filter.app !== undefined && entry.app !== filter.app) return false
  if (filter.connection !== undefined && entry.connection !== filter.connection) return false
  if (filter.user !== undefined && entry.user !== filter.user) return false
  if (filter.actor !== undefined && `${entry.actor.type}:${entry.actor.id}` !== filter.actor)
    return false
  if (filter.event !== undefined && entry.event !== filter.event) {
    if (!entry.event.startsWith(`${filter.event}.`)) return false
  }
  if (filter.since !== undefined && entry.at < filter.since) return false
  if (filter.until !== undefined && entry.at > filter.until) return false
  return true
}

/**
 * Reads entries newest first, from `cursor` (an entry id: the listing goes on after it), until
 * `limit` match or `maxScan` were read. `done` tells whether the range is exhausted.
 */
async function* scan(
  storage: Storage,
  filter: AuditFilter,
  cursor?: string,
): AsyncGenerator<AuditEntry> {
  const [dimension, value] =
    filter.user !== undefined
      ? (['user', filter.user] as const)
      : filter.app !== undefined
        ? (['app', filter.app] as const)
        : filter.connection !== undefined
          ? (['connection', filter.connection] as const)
          : filter.actor !== undefined
            ? (['actor', filter.actor] as const)
            : []
  const ns = dimension ? INDEX : AUDIT
  const prefix = dimension ? indexPrefix(dimension, value) : ''
  // Keys keep no U+0000, so appending U+0001 gives the first key after the cursor.
  let start =
    cursor !== undefined
      ? `${prefix}${cursor}\u0001`
      : `${prefix}${filter.until !== undefined ? invert(Math.max(0, filter.until)) : ''}`
  for (;;) {
    const page = await storage.list(ns, { prefix, start, limit: SCAN_PAGE })
    for (const { key, value: entry } of page) {
      if (filter.since !== undefined && atOf(key.slice(prefix.length)) < filter.since) return
      yield entry
    }
    const last = page[page.length - 1]
    if (page.length < SCAN_PAGE || !last) return
    start = `${last.key}\u0001`
  }
}

export async function listAudit(
  storage: Storage,
  filter: AuditFilter,
  options: { limit?: number; cursor?: string } = {},
): Promise<{ entries: AuditEntry[]; nextCursor?: string }> {
  const limit = Math.min(Math.max(options.limit ?? 100, 1), MAX_AUDIT_PAGE)
  const entries: AuditEntry[] = []
  let read = 0
  for await (const entry of scan(storage, filter, options.cursor)) {
    read++
    if (matches(entry, filter)) entries.push(entry)
    // Stopped early: hand out where to go on from (the last entry read, matching or not).
    if (entries.length === limit || read === MAX_SCAN) return { entries, nextCursor: entry.id }
  }
  return { entries }
}

/** Every matching entry, newest first, for a JSON-lines export. */
export async function* exportAudit(
  storage: Storage,
  filter: AuditFilter,
): AsyncGenerator<AuditEntry> {
  for await (const entry of scan(storage, filter)) if (matches(entry, filter)) yield entry
}
