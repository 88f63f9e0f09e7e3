/**
 * Users for the console, the API and the CLI: add local users, disable, reset passwords, see
 * upstream identity links and the last sign-in. Generated passwords are returned once.
 */
import { z } from 'zod'
import { auditUserChange } from '../config/user-upsert.js'
import { recordAudit, type Actor, type AuditEvent } from '../domain/audit-log.js'
import { getConnection } from '../domain/connections.js'
import { identitiesOfUser, type LinkedIdentity } from '../domain/identity-links.js'
import { listPasskeys, removeAllPasskeys } from '../mfa/passkeys.js'
import { hashPassword } from '../domain/passwords.js'
import { publicUser, type PublicUser } from '../domain/public-records.js'
import { randomToken } from '../domain/random-token.js'
import { tellUserEvent, tellUserUpdated, type UserEventDeps } from '../domain/user-events.js'
import { createUser, getUser, saveUser, USERS, type User } from '../domain/users.js'
import {
  sendPasswordReset,
  sendVerification,
  type MemberEmailDeps,
} from '../email/member-emails.js'
import { SMTP_NOT_CONFIGURED } from '../email/mailer.js'
import { BridgeError } from '../errors.js'
import { createLogger } from '../logger.js'
import type { Factor } from '../mfa/factor-events.js'
import type { AdminDeps } from './context.js'
import { entrySchemas } from './entry-schemas.js'
import { deleteUserRecords } from './user-deletion.js'
import { userSessionService } from './user-sessions.js'
import { conflict, fieldError, notFound, parseInput } from './input.js'

export interface UserFilter {
  connection?: string
  /** Part of the email or name, any case. */
  q?: string
}

export type { LinkedIdentity }

const MAX_SCAN = 5000
const SCAN_PAGE = 500

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const newPassword = () => randomToken(12)

const profileSchema = () =>
  entrySchemas().user.pick({ name: true, givenName: true, familyName: true }).partial().extend({
    emailVerified: z.boolean().optional(),
  })

export function userService(deps: AdminDeps) {
  const { storage } = deps
  const now = deps.now ?? Date.now
  const events: UserEventDeps = {
    storage,
    logger: deps.logger ?? createLogger('warn'),
    wake: deps.webhooks?.wake,
  }
  const sessions = userSessionService(deps)

  async function load(id: string): Promise<User> {
    const user =
      typeof id === 'string' && /^[\w-]{1,64}$/.test(id) ? await getUser(storage, id) : undefined
    if (!user) throw notFound('user', String(id).slice(0, 64))
    return user
  }

  async function write(actor: Actor, before: User, after: User, secretsChanged: string[] = []) {
    await saveUser(storage, after)
    await auditUserChange(
      storage,
      actor,
      { action: 'updated', before, after, secretsChanged },
      after.updatedAt,
    )
  }

  /**
   * Queues a member email with a fresh link for a local user who may sign in. Refused before any
   * token is made: an upstream user has no password or address the bridge vouches for, a
   * disabled one could not use the link, and without SMTP nothing would ever be sent.
   */
  async function sendMemberEmail(
    actor: Actor,
    id: string,
    event: Extract<AuditEvent, 'user.verification_sent' | 'user.reset_sent'>,
  ): Promise<{ queued: true }> {
    const user = await load(id)
    const connection = await getConnection(storage, user.connection)
    if (connection?.type !== 'local')
      throw new BridgeError('conflict', {
        reason: 'illegal_transition',
        description: 'This user signs in at an identity provider: the bridge sends them no email.',
      })
    if (user.disabled)
      throw new BridgeError('conflict', {
        reason: 'user_disabled',
        description: 'This user is disabled: enable them first.',
      })
    if (!deps.email?.configured)
      throw new BridgeError('invalid_config', {
        reason: 'smtp_not_configured',
        message: SMTP_NOT_CONFIGURED,
        description:
          'No SMTP server is configured, so the bridge sends no email (see docs/email.md).',
      })
    const services: MemberEmailDeps = { storage, email: deps.email, settings: deps }
    const outboxId = await (
      event === 'user.verification_sent' ? sendVerification : sendPasswordReset
    )(services, user.id)
    await recordAudit(
      storage,
      {
        event,
        actor,
        user: user.id,
        connection: user.connection,
        target: { type: 'email', id: outboxId },
      },
      now(),
    )
    return { queued: true }
  }

  return {
    /** Queues a fresh verification link to a local user's address. */
    sendVerification: (actor: Actor, id: string) =>
      sendMemberEmail(actor, id, 'user.verification_sent'),

    /** Queues a password reset link to a local user's address. */
    sendPasswordReset: (actor: Actor, id: string) => sendMemberEmail(actor, id, 'user.reset_sent'),

    /** Users in id order, filtered; `nextCursor` when there may be more. */
    async list(
      filter: UserFilter = {},
      options: { limit?: number; cursor?: string } = {},
    ): Promise<{ users: PublicUser[]; nextCursor?: string }> {
      const limit = Math.min(Math.max(options.limit ?? 50, 1), 500)
      const q = filter.q?.toLowerCase()
      const users: PublicUser[] = []
      let start = options.cursor === undefined ? undefined : `${options.cursor}\u0001`
      let read = 0
      for (;;) {
        const page = await storage.list(USERS, { start, limit: SCAN_PAGE })
        for (const { key, value } of page) {
          read++
          const hit =
            (filter.connection === undefined || value.connection === filter.connection) &&
            (q === undefined ||
              value.email.toLowerCase().includes(q) ||
              (value.name ?? '').toLowerCase().includes(q))
          if (hit) users.push(publicUser(value))
          if (users.length === limit || read === MAX_SCAN) return { users, nextCursor: key }
        }
        const last = page[page.length - 1]
        if (page.length < SCAN_PAGE || !last) return { users }
        start = `${last.key}\u0001`
      }
    },

    async get(
      id: string,
    ): Promise<PublicUser & { identities: LinkedIdentity[]; passkeys: number }> {
      const user = await load(id)
      const identities = await identitiesOfUser(storage, user)
      const passkeys = (await listPasskeys(storage, user.id)).length
      return { ...publicUser(user), identities, passkeys }
    },

    /** Removes every second factor (TOTP, recovery codes, passkeys): the next sign-in enrols again. */
    async resetMfa(actor: Actor, id: string): Promise<PublicUser> {
      const before = await load(id)
      const { totp: _, recoveryCodes: __, ...rest } = before
      const after: User = { ...rest, updatedAt: now() }
      await saveUser(storage, after)
      const passkeys = await removeAllPasskeys(storage, id)
      const removed: Factor[] = [
        ...(before.totp ? (['totp'] as const) : []),
        ...(passkeys ? (['passkey'] as const) : []),
        ...(before.recoveryCodes?.length ? (['recovery_codes'] as const) : []),
      ]
      await recordAudit(
        storage,
        {
          event: 'user.mfa_reset',
          actor,
          user: id,
          connection: before.connection,
          after: { totpRemoved: before.totp !== undefined, passkeysRemoved: passkeys },
        },
        after.updatedAt,
      )
      for (const factor of removed)
        await tellUserEvent(events, { type: 'mfa.removed', factor }, after)
      return publicUser(after)
    },

    /** Adds a user to a local connection; without a password, one is generated and returned. */
    async create(actor: Actor, raw: unknown): Promise<{ user: PublicUser; password?: string }> {
      if (!isObject(raw)) throw fieldError('', 'must be a JSON object')
      const generated = raw.password === undefined ? newPassword() : undefined
      const input = parseInput(entrySchemas().user, { ...raw, password: raw.password ?? generated })
      const connection = await getConnection(storage, input.connection)
      if (connection?.type !== 'local')
        throw fieldError('connection', `"${input.connection}" is not a local connection`)
      const at = now()
      const user = await createUser(
        storage,
        {
          connection: input.connection,
          email: input.email,
          emailVerified: input.emailVerified,
          name: input.name,
          givenName: input.givenName,
          familyName: input.familyName,
          passwordHash: await hashPassword(input.password),
        },
        at,
      )
      if (!user) throw conflict(`${input.email} already has an account in ${input.connection}.`)
      await auditUserChange(
        storage,
        actor,
        { action: 'created', after: user, secretsChanged: [] },
        at,
      )
      await tellUserEvent(events, { type: 'user.created' }, user)
      return { user: publicUser(user), password: generated }
    },

    /** Changes the profile: name, givenName, familyName, emailVerified. */
    async update(actor: Actor, id: string, raw: unknown): Promise<PublicUser> {
      const before = await load(id)
      const changes = parseInput(profileSchema(), raw)
      const after = { ...before, ...changes, updatedAt: now() }
      await write(actor, before, after)
      await tellUserUpdated(events, before, after)
      return publicUser(after)
    },

    /**
     * Disabling refuses the user's next sign-in at once (users are never cached), then ends every
     * session, whose sites hear of it by back-channel logout, and tells the apps `user.disabled`.
     */
    async setDisabled(actor: Actor, id: string, disabled: boolean): Promise<PublicUser> {
      const before = await load(id)
      if (before.disabled === disabled) return publicUser(before)
      const after = { ...before, disabled, updatedAt: now() }
      await saveUser(storage, after)
      await recordAudit(
        storage,
        {
          event: disabled ? 'user.disabled' : 'user.enabled',
          actor,
          user: id,
          connection: before.connection,
        },
        after.updatedAt,
      )
      if (disabled) {
        await sessions.endAllOf(actor, after, 'user_disabled')
        await tellUserEvent(events, { type: 'user.disabled' }, after)
      }
      return publicUser(after)
    },

    /**
     * Deletes the user and everything keyed by them (user-deletion.ts), after ending every
     * session; the apps hear `user.deleted` with the user as they were.
     */
    async delete(
      actor: Actor,
      id: string,
    ): Promise<{ deleted: PublicUser; sessionsEnded: number }> {
      const user = await load(id)
      // Disabled first: a sign-in finishing meanwhile is refused rather than left a session.
      await saveUser(storage, { ...user, disabled: true, updatedAt: now() })
      const sessionsEnded = await sessions.endAllOf(actor, user, 'user_deleted')
      await deleteUserRecords(storage, user)
      await tellUserEvent(events, { type: 'user.deleted' }, user)
      await recordAudit(
        storage,
        {
          event: 'user.deleted',
          actor,
          user: id,
          connection: user.connection,
          before: publicUser(user),
          after: { sessionsEnded },
        },
        now(),
      )
      return { deleted: publicUser(user), sessionsEnded }
    },

    /** Sets a new password (given, or generated and returned once) for a local user. */
    async resetPassword(
      actor: Actor,
      id: string,
      password?: unknown,
    ): Promise<{ user: PublicUser; password?: string }> {
      const before = await load(id)
      const connection = await getConnection(storage, before.connection)
      if (connection?.type !== 'local')
        throw conflict('This user signs in at an identity provider and has no password here.')
      if (
        password !== undefined &&
        (typeof password !== 'string' || password.length < 8 || password.length > 256)
      )
        throw fieldError('password', 'passwords must be 8 to 256 characters')
      const generated = password === undefined ? newPassword() : undefined
      const after: User = {
        ...before,
        passwordHash: await hashPassword((password as string | undefined) ?? (generated as string)),
        updatedAt: now(),
      }
      await saveUser(storage, after)
      await recordAudit(
        storage,
        { event: 'user.password_reset', actor, user: id, connection: before.connection },
        after.updatedAt,
      )
      await tellUserEvent(events, { type: 'password.changed' }, after)
      return { user: publicUser(after), password: generated }
    },
  }
}

export type UserService = ReturnType<typeof userService>
