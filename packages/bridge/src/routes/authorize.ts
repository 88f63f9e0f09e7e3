/** GET /authorize: where every sign-in starts. App errors stop here; the rest goes to the site. */
import { Hono } from 'hono'
import { z } from 'zod'
import { idPattern } from '../config/schema.js'
import { getApp } from '../domain/apps.js'
import type { AuthorizationRequest } from '../domain/login-transactions.js'
import { matchRedirectUri } from '../domain/redirects.js'
import { BridgeError } from '../errors.js'
import { begin } from '../sign-in/begin.js'
import { cookieJar } from './cookies.js'
import { respond, visitOf } from './deliver.js'
import { deliveryQuery, readDeliveryRequest } from './delivery-request.js'
import type { BridgeEnv, BridgeServices } from './env.js'
import { MAX_PARAMETER_BYTES, readQuery } from './params.js'

const query = z.object({
  app: z.string().max(64).regex(idPattern),
  redirect_uri: z.string().max(MAX_PARAMETER_BYTES).optional(),
  ...deliveryQuery,
  return_to: z.string().max(MAX_PARAMETER_BYTES).optional(),
  prompt: z.enum(['login', 'none']).optional(),
  login_hint: z.string().max(320).optional(),
  // Space-separated BCP 47 tags; ones we do not speak are skipped (i18n/locales.ts).
  ui_locales: z.string().max(256).optional(),
  connection: z.string().max(64).regex(idPattern).optional(),
})

export function authorizeRoutes(services: BridgeServices) {
  const jar = cookieJar(services.settings.issuer)
  return new Hono<BridgeEnv>().get('/authorize', async (c) => {
    const q = readQuery(c, query)
    const app = await getApp(services.storage, q.app)
    if (!app)
      throw new BridgeError('unknown_app', {
        reason: 'app_unknown',
        message: `unknown app ${q.app}`,
      })
    const request: AuthorizationRequest = {
      appId: app.id,
      redirectUri: matchRedirectUri(app, q.redirect_uri),
      ...readDeliveryRequest(app, q, services.box),
      prompt: q.prompt,
      loginHint: q.login_hint,
      uiLocales: q.ui_locales,
      connection: q.connection,
    }
    if (q.connection && !app.connections.includes(q.connection)) {
      throw new BridgeError('invalid_request', { reason: 'connection_not_enabled' })
    }
    return respond(c, jar, await begin(services, visitOf(c, jar), app, request))
  })
}
