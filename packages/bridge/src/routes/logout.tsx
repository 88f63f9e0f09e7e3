/** GET /logout: ends the bridge session, then returns to the site if it says where. */
import { Hono } from 'hono'
import { z } from 'zod'
import { idPattern } from '../config/schema.js'
import { getApp } from '../domain/apps.js'
import { resolveReturnTo } from '../domain/redirects.js'
import { BridgeError } from '../errors.js'
import { MessagePage } from '../views/message-page.js'
import { cookieJar } from './cookies.js'
import { endSession } from './end-session.js'
import type { BridgeEnv, BridgeServices } from './env.js'
import { MAX_PARAMETER_BYTES, readQuery } from './params.js'

const query = z.object({
  app: z.string().max(64).regex(idPattern).optional(),
  return_to: z.string().max(MAX_PARAMETER_BYTES).optional(),
})

export function logoutRoutes(services: BridgeServices) {
  const jar = cookieJar(services.settings.issuer)
  return new Hono<BridgeEnv>().get('/logout', async (c) => {
    const q = readQuery(c, query)
    // Validate before acting, so a bad request changes nothing.
    let returnTo: string | undefined
    if (q.return_to !== undefined) {
      if (!q.app)
        throw new BridgeError('invalid_request', {
          description: 'return_to needs the app parameter.',
        })
      const app = await getApp(services.storage, q.app)
      if (!app) throw new BridgeError('unknown_app', { message: `unknown app ${q.app}` })
      returnTo = resolveReturnTo(app, q.return_to)
    }
    await endSession(services, jar.get(c, 'session'), c.get('requestId'))
    jar.delete(c, 'session')
    services.logger.info('signed out', { requestId: c.get('requestId'), app: q.app })
    if (returnTo) return c.redirect(returnTo, 303)
    return c.html(
      <MessagePage nonce={c.get('nonce')} title="Signed out" text="You are signed out." />,
    )
  })
}
