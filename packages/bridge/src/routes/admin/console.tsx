/**
 * The admin console at /admin: server-rendered pages over the admin services, signed in as an
 * admin (own cookie, throttled sign-in), a CSRF token on every form, strict CSP from
 * security-headers (nonce'd style and one small copy script).
 */
import type { Context } from 'hono'
import { Hono } from 'hono'
import { authenticateAdmin } from '../../admin/admin-accounts.js'
import { createAdminSession, deleteAdminSession } from '../../admin/admin-sessions.js'
import { recordAudit } from '../../domain/audit-log.js'
import { randomToken } from '../../domain/random-token.js'
import { safeEqual } from '../../domain/secret-hash.js'
import type { LoginAttempt } from '../../domain/throttle.js'
import { BridgeError, isBridgeError } from '../../errors.js'
import { AdminLoginPage, OverviewPage } from '../../views/admin/basic-pages.js'
import type { BridgeEnv, BridgeServices } from '../env.js'
import { errorPageHandler } from '../error-page-response.js'
import { adminServicesOf } from './api.js'
import { consoleAppRoutes } from './console-apps.js'
import { consoleTryItRoutes } from './console-try-it.js'
import { consoleConnectionRoutes } from './console-connections.js'
import { consoleEmailRoutes } from './console-emails.js'
import { flashOf } from './console-flash.js'
import { consoleKeyAuditRoutes } from './console-keys-audit.js'
import { adminMfaSignIn, consoleMfaRoutes } from './console-mfa.js'
import { consoleSetupRoutes } from './console-setup.js'
import { consoleStringRoutes } from './console-strings.js'
import {
  adminActor,
  adminCookies,
  assertSameOriginPost,
  consoleBodyLimit,
  consoleFormRefused,
  field,
  frame,
  readConsoleForm,
  requireAdmin,
  type ConsoleEnv,
} from './console-session.js'
import { consoleUserRoutes } from './console-users.js'

export const ADMIN_CONSOLE_PATH = '/admin'
const LOGIN_FORM_SECONDS = 30 * 60

/** Paths under /admin that need a signed-in admin (everything but sign-in, and not the API). */
const guarded = [
  '/',
  '/logout',
  '/connections',
  '/try',
  '/apps',
  '/users',
  '/emails',
  '/strings',
  '/keys',
  '/api-keys',
  '/audit',
  '/audit.jsonl',
  '/mfa',
]

export function adminConsoleRoutes(services: BridgeServices) {
  const { storage } = services
  const issuer = services.settings.issuer
  const cookies = adminCookies(issuer)
  const admin = adminServicesOf(services)
  const auth = requireAdmin(storage, issuer, cookies)
  const app = new Hono<ConsoleEnv>().onError(errorPageHandler<ConsoleEnv>(services.logger))

  // `/x/*` matches `/x` too: one registration per path, so the guard runs once.
  for (const path of guarded) app.use(path === '/' ? path : `${path}/*`, consoleBodyLimit(), auth)

  const loginPage = (
    c: Context<ConsoleEnv>,
    input: { email?: string; error?: BridgeError } = {},
  ) => {
    const csrf = randomToken()
    cookies.set(c, 'admin_login', csrf, LOGIN_FORM_SECONDS)
    return c.html(
      <AdminLoginPage
        nonce={c.get('nonce')}
        csrf={csrf}
        email={input.email}
        error={input.error?.description}
      />,
      input.error?.status ?? 200,
    )
  }

  app.route('/setup', consoleSetupRoutes(services, cookies))
  const mfa = adminMfaSignIn(services, cookies)
  app.route('/login/mfa', mfa.routes)
  app.route('/mfa', consoleMfaRoutes(services))
  app.get('/login', async (c) => loginPage(c))
  app.post('/login', consoleBodyLimit(), async (c) => {
    assertSameOriginPost(c, issuer)
    const form = await readConsoleForm(c)
    const expected = cookies.get(c, 'admin_login')
    const csrf = field(form, 'csrf')
    if (!expected || !csrf || !safeEqual(csrf, expected)) {
      throw consoleFormRefused('csrf_token_mismatch', 'admin sign-in form without its CSRF cookie')
    }
    const email = (field(form, 'email') ?? '').trim().slice(0, 254)
    const password = (field(form, 'password') ?? '').slice(0, 256)
    // Admin failures count apart from end users' (another key), with the same limits.
    let attempt: LoginAttempt | undefined
    try {
      attempt = await services.throttle.reserve(`admin:${email}`, services.clientAddress(c))
      const account = await authenticateAdmin(storage, email, password)
      await attempt.succeeded()
      // Enrolled admins give their code first: no session until then.
      if (account.totp) return await mfa.challenge(c, account)
      await deleteAdminSession(storage, cookies.get(c, 'admin'))
      const { id } = await createAdminSession(storage, account.id)
      cookies.set(c, 'admin', id)
      cookies.delete(c, 'admin_login')
      await recordAudit(storage, {
        event: 'admin.signed_in',
        actor: adminActor(account),
        requestId: c.get('requestId'),
      })
      return c.redirect('/admin', 303)
    } catch (error) {
      if (!isBridgeError(error)) throw error
      if (error.code === 'invalid_credentials') await attempt?.failed()
      await recordAudit(storage, {
        event: 'admin.sign_in_failed',
        actor: { type: 'anonymous', id: email.toLowerCase() || 'unknown' },
        email: email || undefined,
        reason: error.code,
        requestId: c.get('requestId'),
      })
      const shown =
        error.code === 'invalid_credentials'
          ? new BridgeError('invalid_credentials', { reason: 'password_refused' })
          : error
      return loginPage(c, { email, error: shown })
    }
  })

  app.post('/logout', async (c) => {
    await deleteAdminSession(storage, cookies.get(c, 'admin'))
    cookies.delete(c, 'admin')
    return c.redirect('/admin/login', 303)
  })

  app.get('/', async (c) => {
    const [connections, apps, users] = await Promise.all([
      admin.connections.list(),
      admin.apps.list(),
      storage.list('user', { limit: 10_000 }),
    ])
    return c.html(
      <OverviewPage
        {...frame(c, flashOf(c))}
        counts={{ connections: connections.length, apps: apps.length, users: users.length }}
      />,
    )
  })

  app.route('/connections', consoleConnectionRoutes(admin))
  app.route('/apps', consoleAppRoutes(admin))
  app.route('/try', consoleTryItRoutes(services))
  app.route('/users', consoleUserRoutes(admin))
  app.route('/emails', consoleEmailRoutes(admin))
  app.route('/strings', consoleStringRoutes(services))
  app.route('/', consoleKeyAuditRoutes(admin))
  return app as unknown as Hono<BridgeEnv>
}

export { adminActor }
