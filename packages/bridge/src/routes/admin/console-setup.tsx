/** /admin/setup: the one-time link a bridge without admins prints at start creates the first one. */
import type { Context } from 'hono'
import { Hono } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { getAdmin } from '../../admin/admin-accounts.js'
import { createAdminSession } from '../../admin/admin-sessions.js'
import { isAdminInputError } from '../../admin/input.js'
import { completeSetup, setupTokenUsable } from '../../admin/setup-link.js'
import { recordAudit } from '../../domain/audit-log.js'
import { randomToken } from '../../domain/random-token.js'
import { safeEqual } from '../../domain/secret-hash.js'
import { BridgeError, isBridgeError } from '../../errors.js'
import { AdminSetupPage } from '../../views/admin/setup-page.js'
import type { BridgeServices } from '../env.js'
import {
  adminActor,
  assertSameOriginPost,
  consoleBodyLimit,
  field,
  readConsoleForm,
  type AdminCookies,
  type ConsoleEnv,
} from './console-session.js'

const SETUP_FORM_SECONDS = 30 * 60
const UNUSABLE = 'This setup link is used, expired or not valid any more.'

export function consoleSetupRoutes(services: BridgeServices, cookies: AdminCookies) {
  const { storage } = services
  const issuer = services.settings.issuer

  const page = (
    c: Context<ConsoleEnv>,
    input: { token?: string; email?: string; error?: string; status?: ContentfulStatusCode } = {},
  ) => {
    let csrf: string | undefined
    if (input.token) {
      csrf = randomToken()
      cookies.set(c, 'admin_login', csrf, SETUP_FORM_SECONDS)
    }
    // The token is in this page's URL: no Referer may carry it off the bridge. same-origin, not
    // no-referrer: with no-referrer Chromium posts the form with `Origin: null`, which the
    // same-origin check rightly refuses.
    c.header('Referrer-Policy', 'same-origin')
    return c.html(
      <AdminSetupPage
        nonce={c.get('nonce')}
        csrf={csrf}
        token={input.token}
        email={input.email}
        error={input.error}
      />,
      input.status ?? 200,
    )
  }

  return new Hono<ConsoleEnv>()
    .get('/', async (c) => {
      const token = c.req.query('token')
      if (!(await setupTokenUsable(storage, token)))
        return page(c, { error: UNUSABLE, status: 410 })
      return page(c, { token })
    })
    .post('/', consoleBodyLimit(), async (c) => {
      assertSameOriginPost(c, issuer)
      const form = await readConsoleForm(c)
      const expected = cookies.get(c, 'admin_login')
      const csrf = field(form, 'csrf')
      if (!expected || !csrf || !safeEqual(csrf, expected)) {
        throw new BridgeError('csrf_failed', {
          reason: 'csrf_token_mismatch',
          message: 'admin setup form without its CSRF cookie',
          description: 'The form could not be verified. Open the setup link again.',
        })
      }
      const token = field(form, 'token')
      const email = (field(form, 'email') ?? '').trim().slice(0, 254)
      const password = (field(form, 'password') ?? '').slice(0, 256)
      try {
        const created = await completeSetup(storage, token, { email, password })
        const account = await getAdmin(storage, created.id)
        const { id } = await createAdminSession(storage, created.id)
        cookies.set(c, 'admin', id)
        cookies.delete(c, 'admin_login')
        if (account) {
          await recordAudit(storage, {
            event: 'admin.signed_in',
            actor: adminActor(account),
            requestId: c.get('requestId'),
          })
        }
        return c.redirect('/admin', 303)
      } catch (error) {
        if (!isBridgeError(error)) throw error
        // Bad input leaves the token unspent: the form comes back with what to fix.
        if (isAdminInputError(error)) {
          return page(c, { token, email, error: error.description, status: 400 })
        }
        return page(c, { error: error.description, status: 410 })
      }
    })
}
