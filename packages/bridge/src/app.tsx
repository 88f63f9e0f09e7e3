/**
 * The bridge's HTTP surface: route groups mounted on one Hono app. Each group answers its own
 * errors (Hono wraps a mounted sub-app's routes in its onError): the token endpoint OAuth JSON,
 * the admin API its JSON, every page group the error page.
 */
import { Hono } from 'hono'
import { randomToken } from './domain/random-token.js'
import { ADMIN_API_PATH, adminApiRoutes } from './routes/admin/api.js'
import { ADMIN_CONSOLE_PATH, adminConsoleRoutes } from './routes/admin/console.js'
import { BridgeError } from './errors.js'
import { authorizeRoutes } from './routes/authorize.js'
import { embedScriptRoutes } from './routes/embed-script.js'
import type { BridgeEnv, BridgeServices } from './routes/env.js'
import { errorPageHandler, errorPageResponse } from './routes/error-page-response.js'
import { healthRoutes } from './routes/health.js'
import { loginRoutes } from './routes/login.js'
import { mfaRoutes } from './routes/mfa.js'
import { passkeyAccountRoutes } from './routes/passkey-account.js'
import { passkeyRoutes } from './routes/passkeys.js'
import { openIdProviderRoutes } from './routes/openid-provider.js'
import { openIdUserInfoRoutes } from './routes/openid-userinfo.js'
import { logoutRoutes } from './routes/logout.js'
import { securityHeaders } from './routes/security-headers.js'
import { tokenRoutes } from './routes/token.js'
import { samlRoutes } from './routes/saml.js'
import { upstreamRoutes } from './routes/upstream.js'
import { wellKnownRoutes } from './routes/well-known.js'
import { MessagePage } from './views/message-page.js'

export function createBridgeApp(services: BridgeServices) {
  const app = new Hono<BridgeEnv>()
  const pageErrors = errorPageHandler(services.logger)
  /** A group whose errors are pages: mounted inside a wrapper that holds the page handler. */
  const pages = (group: Hono<BridgeEnv>) =>
    new Hono<BridgeEnv>().onError(pageErrors).route('/', group)

  app.use(async (c, next) => {
    c.set('requestId', randomToken(9))
    await next()
  })
  app.use(securityHeaders())

  app.get('/', (c) =>
    c.html(
      <MessagePage
        nonce={c.get('nonce')}
        title="ssobridge"
        text="The sign-in service is running."
      />,
    ),
  )
  app.route('/', pages(authorizeRoutes(services)))
  app.route('/', pages(loginRoutes(services)))
  app.route('/', pages(mfaRoutes(services)))
  app.route('/', pages(upstreamRoutes(services)))
  app.route('/', pages(passkeyRoutes(services)))
  app.route('/', pages(passkeyAccountRoutes(services)))
  app.route('/', pages(samlRoutes(services)))
  app.route('/', tokenRoutes(services))
  app.route('/', pages(logoutRoutes(services)))
  app.route('/', pages(wellKnownRoutes(services)))
  app.route('/', pages(openIdUserInfoRoutes(services)))
  app.route('/', pages(openIdProviderRoutes(services)))
  app.route('/', pages(embedScriptRoutes(services)))
  app.route('/', pages(healthRoutes(services)))
  app.route(ADMIN_API_PATH, adminApiRoutes(services))
  app.route(ADMIN_CONSOLE_PATH, adminConsoleRoutes(services))

  app.notFound((c) =>
    errorPageResponse(c, new BridgeError('not_found', { reason: 'route_unknown' })),
  )
  // What no group caught (the app's own middleware, the root page) is a page too.
  app.onError(pageErrors)
  return app
}
