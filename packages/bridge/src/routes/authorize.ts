/** GET /authorize: where every sign-in starts. App errors stop here; the rest goes to the site. */
import { Hono } from 'hono'
import { z } from 'zod'
import { idPattern } from '../config/schema.js'
import { getApp } from '../domain/apps.js'
import { getConnection, isUpstream } from '../domain/connections.js'
import {
  LOGIN_TX_TTL_SECONDS,
  startLoginTransaction,
  type AuthorizationRequest,
  type PendingSecondFactor,
} from '../domain/login-transactions.js'
import { randomToken } from '../domain/random.js'
import { matchRedirectUri } from '../domain/redirects.js'
import { BridgeError } from '../errors.js'
import { cookieJar } from './cookies.js'
import { currentSignIn } from './current-sign-in.js'
import { secondFactorStep } from './mfa-gate.js'
import { deliverError, deliverToken } from './deliver.js'
import { deliveryQuery, readDeliveryRequest } from './delivery-request.js'
import type { BridgeEnv, BridgeServices } from './env.js'
import { MAX_PARAMETER_BYTES, readQuery } from './params.js'
import { upstreamStartPath } from './upstream.js'

const query = z.object({
  app: z.string().max(64).regex(idPattern),
  redirect_uri: z.string().max(MAX_PARAMETER_BYTES).optional(),
  ...deliveryQuery,
  return_to: z.string().max(MAX_PARAMETER_BYTES).optional(),
  prompt: z.enum(['login', 'none']).optional(),
  login_hint: z.string().max(320).optional(),
  connection: z.string().max(64).regex(idPattern).optional(),
})

const browserSecretPattern = /^[A-Za-z0-9_-]{43}$/

export function authorizeRoutes(services: BridgeServices) {
  const jar = cookieJar(services.settings.issuer)
  return new Hono<BridgeEnv>().get('/authorize', async (c) => {
    const q = readQuery(c, query)
    const app = await getApp(services.storage, q.app)
    if (!app) throw new BridgeError('unknown_app', { message: `unknown app ${q.app}` })
    const request: AuthorizationRequest = {
      appId: app.id,
      redirectUri: matchRedirectUri(app, q.redirect_uri),
      ...readDeliveryRequest(app, q),
      prompt: q.prompt,
      loginHint: q.login_hint,
      connection: q.connection,
    }
    if (q.connection && !app.connections.includes(q.connection)) {
      throw new BridgeError('invalid_request', {
        description: 'This sign-in method is not enabled for this site.',
      })
    }
    let stepUp: PendingSecondFactor | undefined
    if (q.prompt !== 'login') {
      const signedIn = await currentSignIn(c, services, jar, app)
      const { session, user } = signedIn ?? {}
      const needs =
        session && user
          ? await secondFactorStep(services, app, user, session.connection, session.amr)
          : undefined
      if (signedIn && needs === 'none')
        return deliverToken(c, services, { app, ...signedIn, request })
      if (q.prompt === 'none') {
        return deliverError(c, request, 'login_required', 'The user is not signed in.')
      }
      // Signed in, but this app wants a second factor the session lacks: ask only for that.
      if (session && user)
        stepUp = { userId: user.id, connection: session.connection, amr: session.amr }
    }
    // One secret per browser binds its login transactions to it (login CSRF defence); reusing
    // it keeps sign-ins started in two tabs working.
    const existing = jar.get(c, 'login')
    const browserSecret = existing && browserSecretPattern.test(existing) ? existing : randomToken()
    const { id } = await startLoginTransaction(
      services.storage,
      request,
      browserSecret,
      Date.now(),
      stepUp,
    )
    jar.set(c, 'login', browserSecret, LOGIN_TX_TTL_SECONDS)
    if (stepUp) return c.redirect(`/mfa?tx=${id}`, 302)
    // Skip the login page when there is nothing to choose: the app named a connection, or it
    // has a single one and that one is upstream.
    const only = q.connection ?? (app.connections.length === 1 ? app.connections[0] : undefined)
    const direct = only ? await getConnection(services.storage, only) : undefined
    if (direct && isUpstream(direct)) return c.redirect(upstreamStartPath(direct.id, id), 302)
    return c.redirect(`/login?tx=${id}`, 302)
  })
}
