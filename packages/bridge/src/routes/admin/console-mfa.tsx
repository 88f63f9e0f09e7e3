/**
 * Admin two-step sign-in in the console: the code asked after a right password (throttled like
 * passwords), and /admin/mfa where a signed-in admin enrols an authenticator app.
 */
import type { Context } from 'hono'
import { Hono } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { getAdmin, type AdminAccount } from '../../admin/admin-accounts.js'
import {
  ADMIN_MFA_STEP_SECONDS,
  adminMfaStep,
  endAdminMfaStep,
  finishAdminTotpEnrolment,
  startAdminMfaStep,
  startAdminTotpEnrolment,
  verifyAdminSecondFactor,
} from '../../admin/admin-mfa.js'
import { createAdminSession, deleteAdminSession } from '../../admin/admin-sessions.js'
import { recordAudit } from '../../domain/audit-log.js'
import { randomToken } from '../../domain/random-token.js'
import { safeEqual } from '../../domain/secret-hash.js'
import { attemptLimit } from '../../domain/throttle.js'
import { BridgeError, isBridgeError } from '../../errors.js'
import { AdminMfaChallengePage, AdminMfaPage } from '../../views/admin/mfa-pages.js'
import type { BridgeServices } from '../env.js'
import {
  adminActor,
  assertSameOriginPost,
  consoleBodyLimit,
  field,
  frame,
  readConsoleForm,
  type AdminCookies,
  type ConsoleEnv,
} from './console-session.js'

const CODE_ATTEMPTS = 'throttle-admin-mfa'

// Counters of attemptLimit, keyed by admin id.
declare module '../../storage/types.js' {
  interface StorageRecords {
    [CODE_ATTEMPTS]: number
  }
}

/**
 * Only someone who gave the admin's password reaches a code: five tries per admin in 15 minutes,
 * shared by sign-in and enrolment, reserved before the code is checked.
 */
const adminCodeLimit = (services: BridgeServices) =>
  attemptLimit(services.storage, CODE_ATTEMPTS, 5, 15 * 60)

export function adminMfaSignIn(services: BridgeServices, cookies: AdminCookies) {
  const { storage, box } = services
  const codes = adminCodeLimit(services)
  const issuer = services.settings.issuer

  const challengePage = (
    c: Context<ConsoleEnv>,
    error?: string,
    status: ContentfulStatusCode = 200,
  ) => {
    const csrf = randomToken()
    cookies.set(c, 'admin_login', csrf, ADMIN_MFA_STEP_SECONDS)
    return c.html(
      <AdminMfaChallengePage nonce={c.get('nonce')} csrf={csrf} error={error} />,
      status,
    )
  }

  return {
    /** Called after a right password: an enrolled admin gets the code page instead of a session. */
    async challenge(c: Context<ConsoleEnv>, account: AdminAccount) {
      cookies.set(
        c,
        'admin_mfa',
        await startAdminMfaStep(storage, account.id),
        ADMIN_MFA_STEP_SECONDS,
      )
      return challengePage(c)
    },

    routes: new Hono<ConsoleEnv>().post('/', consoleBodyLimit(), async (c) => {
      assertSameOriginPost(c, issuer)
      const form = await readConsoleForm(c)
      const expected = cookies.get(c, 'admin_login')
      const csrf = field(form, 'csrf')
      if (!expected || !csrf || !safeEqual(csrf, expected)) {
        throw new BridgeError('csrf_failed', {
          reason: 'csrf_token_mismatch',
          message: 'admin code form without its CSRF cookie',
          description: 'The form could not be verified. Sign in again.',
        })
      }
      const stepId = cookies.get(c, 'admin_mfa')
      const adminId = await adminMfaStep(storage, stepId)
      const account = adminId ? await getAdmin(storage, adminId) : undefined
      if (!stepId || !account || account.disabled) {
        cookies.delete(c, 'admin_mfa')
        return c.redirect('/admin/login', 303)
      }
      const fail = async (reason: string, shown: string, status: ContentfulStatusCode) => {
        await recordAudit(storage, {
          event: 'admin.sign_in_failed',
          actor: { type: 'anonymous', id: account.email.toLowerCase() },
          email: account.email,
          reason,
          requestId: c.get('requestId'),
        })
        return challengePage(c, shown, status)
      }
      if (!(await codes.reserve(account.id))) {
        const error = new BridgeError('too_many_attempts', {
          reason: 'throttled',
          message: 'admin code throttled',
        })
        return fail(error.code, error.description, error.status)
      }
      const code = (field(form, 'code') ?? '').slice(0, 64)
      if (!(await verifyAdminSecondFactor(storage, box, account.id, code))) {
        return fail('invalid_code', 'That code is not right.', 401)
      }
      // One session per step, even if the same code is posted twice at once.
      if (!(await endAdminMfaStep(storage, stepId))) return c.redirect('/admin/login', 303)
      await codes.clear(account.id)
      await deleteAdminSession(storage, cookies.get(c, 'admin'))
      const { id } = await createAdminSession(storage, account.id)
      cookies.set(c, 'admin', id)
      cookies.delete(c, 'admin_mfa')
      cookies.delete(c, 'admin_login')
      await recordAudit(storage, {
        event: 'admin.signed_in',
        actor: adminActor(account),
        requestId: c.get('requestId'),
      })
      return c.redirect('/admin', 303)
    }),
  }
}

/** /admin/mfa: enrol an authenticator app (signed in, behind the console guard). */
export function consoleMfaRoutes(services: BridgeServices) {
  const { storage, box } = services
  const codes = adminCodeLimit(services)
  const issuerName = new URL(services.settings.issuer).host

  const page = async (
    c: Context<ConsoleEnv>,
    extra: { recoveryCodes?: string[]; error?: string; status?: ContentfulStatusCode } = {},
  ) => {
    const admin = (await getAdmin(storage, c.get('admin').id)) as AdminAccount
    const enrolment = admin.totp
      ? undefined
      : await startAdminTotpEnrolment(storage, box, admin, issuerName)
    return c.html(
      <AdminMfaPage
        {...frame(c)}
        enrolledAt={admin.totp?.enrolledAt}
        recoveryCodesLeft={admin.recoveryCodes?.length}
        enrolment={enrolment}
        recoveryCodes={extra.recoveryCodes}
        error={extra.error}
      />,
      extra.status ?? 200,
    )
  }

  return new Hono<ConsoleEnv>()
    .get('/', async (c) => page(c))
    .post('/', async (c) => {
      const admin = c.get('admin')
      try {
        if (!(await codes.reserve(admin.id)))
          throw new BridgeError('too_many_attempts', {
            reason: 'throttled',
            message: 'admin enrolment throttled',
          })
        const recoveryCodes = await finishAdminTotpEnrolment(
          storage,
          box,
          admin,
          field(c.get('form'), 'code') ?? '',
          adminActor(admin),
        )
        await codes.clear(admin.id)
        return page(c, { recoveryCodes })
      } catch (error) {
        if (!isBridgeError(error)) throw error
        return page(c, { error: error.description, status: error.status })
      }
    })
}
