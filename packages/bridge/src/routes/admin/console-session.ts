/**
 * The console's own session: a cookie apart from end users' (`ssobridge_admin`, `__Host-` on
 * https, SameSite=Strict), a CSRF token per session that every POST must carry, and an Origin
 * check on top. The sign-in form has its own short-lived CSRF cookie.
 */
import type { Context, MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { getAdmin, type AdminAccount } from '../../admin/admin-accounts.js'
import {
  ADMIN_SESSION_SECONDS,
  getAdminSession,
  type AdminSession,
} from '../../admin/admin-sessions.js'
import { identityChangeNames, type IdentityChange } from '../../admin/connections.js'
import type { Actor } from '../../domain/audit-log.js'
import { safeEqual } from '../../domain/secret-hash.js'
import { BridgeError } from '../../errors.js'
import type { Storage } from '../../storage/types.js'
import type { BridgeEnv } from '../env.js'
import { readFormFields } from '../form-body.js'

export type ConsoleForm = Record<string, string | File | (string | File)[]>

export type ConsoleEnv = {
  Variables: BridgeEnv['Variables'] & {
    admin: AdminAccount
    adminSession: AdminSession
    form: ConsoleForm
  }
}

export type ConsoleContext = Context<ConsoleEnv>

/** SAML metadata (1 MiB) may be uploaded through the console. */
export const MAX_CONSOLE_FORM_BYTES = 2 * 1024 * 1024

type AdminCookie = 'admin' | 'admin_login' | 'admin_mfa'

export function adminCookies(issuer: string) {
  const secure = new URL(issuer).protocol === 'https:'
  const name = (cookie: AdminCookie) =>
    secure ? `__Host-ssobridge_${cookie}` : `ssobridge_${cookie}`
  return {
    get: (c: Context, cookie: AdminCookie) => getCookie(c, name(cookie)),
    set(c: Context, cookie: AdminCookie, value: string, maxAge = ADMIN_SESSION_SECONDS) {
      // Strict: no other site can make the browser send it, not even by a link.
      setCookie(c, name(cookie), value, {
        path: '/',
        httpOnly: true,
        secure,
        sameSite: 'Strict',
        maxAge,
      })
    },
    delete: (c: Context, cookie: AdminCookie) =>
      deleteCookie(c, name(cookie), { path: '/', secure }),
  }
}

export type AdminCookies = ReturnType<typeof adminCookies>

export const adminActor = (admin: AdminAccount): Actor => ({
  type: 'admin',
  id: admin.id,
  label: admin.email,
})

/** A console form refused for its origin or CSRF token: the admin reloads the page and retries. */
export const consoleFormRefused = (
  reason: 'cross_origin_post' | 'csrf_token_mismatch',
  message: string,
) =>
  new BridgeError('csrf_failed', {
    reason,
    message,
    description: 'The form could not be verified. Reload the page and try again.',
  })

/** Refuses a POST that comes from another origin, or says it does (Sec-Fetch-Site). */
export function assertSameOriginPost(c: Context, issuer: string): void {
  const origin = c.req.header('Origin')
  const site = c.req.header('Sec-Fetch-Site')
  if (
    (origin && origin !== new URL(issuer).origin) ||
    (site && site !== 'same-origin' && site !== 'none')
  ) {
    throw consoleFormRefused('cross_origin_post', 'console form posted from another origin')
  }
}

/**
 * A console form. Only the forms that upload a file (`files: true`: the connection form's
 * metadata) may be multipart; the sign-in, setup and code forms are urlencoded.
 */
export async function readConsoleForm(
  c: Context,
  options: { files?: boolean } = {},
): Promise<ConsoleForm> {
  const form: ConsoleForm = Object.create(null) as ConsoleForm
  for (const [name, values] of Object.entries(await readFormFields(c, options))) {
    form[name] = values.length === 1 ? (values[0] as string | File) : values
  }
  return form
}

/** One string field of a form; repeated or file values do not count. */
export const field = (form: ConsoleForm, name: string): string | undefined => {
  const value = form[name]
  return typeof value === 'string' ? value : undefined
}

export const consoleBodyLimit = () =>
  bodyLimit({
    maxSize: MAX_CONSOLE_FORM_BYTES,
    onError: () => {
      throw new BridgeError('payload_too_large', { reason: 'body_too_large' })
    },
  })

/**
 * Signed-in admins only: GETs without a session go to the sign-in page; POSTs must come from
 * this origin and carry the session's CSRF token.
 */
export function requireAdmin(
  storage: Storage,
  issuer: string,
  cookies: AdminCookies,
): MiddlewareHandler<ConsoleEnv> {
  return async function requireAdminMiddleware(c, next) {
    const session = await getAdminSession(storage, cookies.get(c, 'admin'))
    const admin = session ? await getAdmin(storage, session.adminId) : undefined
    const post = c.req.method === 'POST'
    if (!session || !admin || admin.disabled) {
      if (post)
        throw new BridgeError('csrf_failed', {
          reason: 'session_ended',
          message: 'console POST without an admin session',
          description: 'Your admin session has ended. Sign in again.',
        })
      return c.redirect('/admin/login', 303)
    }
    if (post) {
      assertSameOriginPost(c, issuer)
      const form = await readConsoleForm(c, { files: true })
      const csrf = field(form, 'csrf')
      if (!csrf || !safeEqual(csrf, session.csrf)) {
        throw consoleFormRefused('csrf_token_mismatch', 'console CSRF token mismatch')
      }
      c.set('form', form)
    }
    c.set('admin', admin)
    c.set('adminSession', session)
    await next()
  }
}

/** How recent a sign-in must be for the changes that need the highest admin authority. */
export const RECENT_SIGN_IN_SECONDS = 5 * 60

/**
 * A guard for such changes (email linking and trust, the IdP of a connection with users, turning
 * on dangerouslyAllowPrivateNetwork): the session must have been signed into (password, and the
 * second factor when enrolled) within the last five minutes, so a session left open or stolen
 * cannot make them.
 */
export const recentSignIn =
  (c: Context<ConsoleEnv>, now: () => number = Date.now) =>
  (change: IdentityChange): void => {
    if (now() - c.get('adminSession').createdAt <= RECENT_SIGN_IN_SECONDS * 1000) return
    throw new BridgeError('reauthentication_required', {
      reason: 'recent_sign_in_needed',
      message: `${change} change from a console session older than 5 minutes`,
      description: `Changing ${identityChangeNames[change]} needs a recent sign-in: sign out, sign in again, and save within 5 minutes.`,
    })
  }

export const frame = (c: Context<ConsoleEnv>, flash?: string) => ({
  nonce: c.get('nonce'),
  csrf: c.get('adminSession').csrf,
  adminEmail: c.get('admin').email,
  flash,
})
