/**
 * GET /logout ends the bridge session, then returns to the site if it says where. Ending it logs
 * the visitor out of every site, so a request must show it comes from a site of this session: the
 * session's `sid` (every token of the session carries it) or a same-origin request. Anything else
 * (a link, a redirect or a popup from any page) gets a page that asks, whose button POSTs back
 * with a CSRF token bound to the session cookie.
 */
import { Hono, type Context } from 'hono'
import { z } from 'zod'
import { idPattern } from '../config/schema.js'
import { getApp } from '../domain/apps.js'
import { safeEqual, sha256 } from '../domain/secret-hash.js'
import { resolveReturnTo } from '../domain/redirects.js'
import { getSession } from '../domain/sessions.js'
import { BridgeError } from '../errors.js'
import { LogoutConfirmPage } from '../views/logout-confirm-page.js'
import { MessagePage } from '../views/message-page.js'
import { cookieJar } from './cookies.js'
import { endSession } from './end-session.js'
import type { BridgeEnv, BridgeServices } from './env.js'
import { pageOf } from './page.js'
import { MAX_PARAMETER_BYTES, readForm, readQuery } from './params.js'
import { assertSameOrigin } from './same-origin.js'

const target = {
  app: z.string().max(64).regex(idPattern).optional(),
  return_to: z.string().max(MAX_PARAMETER_BYTES).optional(),
}
const query = z.object({ ...target, sid: z.string().max(64).optional() })
const form = z.object({ ...target, csrf: z.string().min(1).max(64) })

/** The confirmation's CSRF value: bound to the session cookie, which never leaves the browser. */
const csrfFor = (cookie: string) => sha256(`logout:${cookie}`)

export function logoutRoutes(services: BridgeServices) {
  const jar = cookieJar(services.settings.issuer)

  /** Validated before anything happens, so a bad request changes nothing. */
  async function resolveTarget(q: { app?: string; return_to?: string }) {
    if (q.return_to === undefined) return { appName: undefined, returnTo: undefined }
    if (!q.app)
      throw new BridgeError('invalid_request', {
        reason: 'return_to_without_app',
        say: { key: 'error.say.returnToNeedsApp' },
      })
    const app = await getApp(services.storage, q.app)
    if (!app)
      throw new BridgeError('unknown_app', {
        reason: 'app_unknown',
        message: `unknown app ${q.app}`,
      })
    return { appName: app.name, returnTo: resolveReturnTo(app, q.return_to) }
  }

  async function signOut(c: Context<BridgeEnv>, app: string | undefined, returnTo?: string) {
    await endSession(services, jar.get(c, 'session'), c.get('requestId'))
    jar.delete(c, 'session')
    services.logger.info('signed out', { requestId: c.get('requestId'), app })
    if (returnTo) return c.redirect(returnTo, 303)
    return c.html(
      <MessagePage
        page={pageOf(c)}
        title={pageOf(c).t('logout.doneTitle')}
        text={pageOf(c).t('logout.doneText')}
      />,
    )
  }

  return new Hono<BridgeEnv>()
    .get('/logout', async (c) => {
      const q = readQuery(c, query)
      const { appName, returnTo } = await resolveTarget(q)
      const cookie = jar.get(c, 'session')
      const session = await getSession(services.storage, cookie)
      // Without a session there is nothing to end, hence nothing to forge.
      const proven =
        !session ||
        (session.sid !== undefined && q.sid !== undefined && safeEqual(q.sid, session.sid)) ||
        c.req.header('Sec-Fetch-Site') === 'same-origin'
      if (proven) return signOut(c, q.app, returnTo)
      services.logger.info('logout asks for confirmation', { requestId: c.get('requestId') })
      // The button's answer redirects to return_to, and CSP form-action covers that redirect.
      if (returnTo) c.set('formAction', [new URL(returnTo).origin])
      return c.html(
        <LogoutConfirmPage
          page={pageOf(c)}
          csrf={csrfFor(cookie as string)}
          app={q.app}
          appName={appName}
          returnTo={returnTo}
        />,
      )
    })
    .post('/logout', async (c) => {
      assertSameOrigin(c, services.settings.issuer)
      const f = await readForm(c, form)
      const { returnTo } = await resolveTarget(f)
      const cookie = jar.get(c, 'session')
      if ((await getSession(services.storage, cookie)) && !safeEqual(f.csrf, csrfFor(cookie!))) {
        throw new BridgeError('csrf_failed', {
          reason: 'csrf_token_mismatch',
          message: 'logout csrf token mismatch',
        })
      }
      return signOut(c, f.app, returnTo)
    })
}
