/**
 * The bridge's HTTP surface: route groups mounted on one Hono app. Each group answers its own
 * errors (Hono wraps a mounted sub-app's routes in its onError): the token endpoint OAuth JSON,
 * the admin API its JSON, every page group the error page. Each group is also tagged with its name,
 * which the metrics use instead of the path.
 */
import { Hono, type Context } from 'hono'
import { randomToken } from './domain/random-token.js'
import { ADMIN_API_PATH, adminApiRoutes } from './routes/admin/api.js'
import { ADMIN_CONSOLE_PATH, adminConsoleRoutes } from './routes/admin/console.js'
import { BridgeError } from './errors.js'
import { authorizeRoutes } from './routes/authorize.js'
import { embedScriptRoutes } from './routes/embed-script.js'
import { brandRoutes } from './routes/brand.js'
import type { BridgeEnv, BridgeServices } from './routes/env.js'
import { toBridgeError } from './routes/error-handler.js'
import { errorPageHandler, errorPageResponse } from './routes/error-page-response.js'
import type { RouteGroup } from './metrics/bridge-metrics.js'
import { healthRoutes } from './routes/health.js'
import { loginRoutes } from './routes/login.js'
import { accountLinkRoutes } from './routes/account-link.js'
import { emailSignInRoutes } from './routes/email-sign-in.js'
import { passwordResetRoutes } from './routes/password-reset.js'
import { signUpRoutes } from './routes/sign-up.js'
import { mfaRoutes } from './routes/mfa.js'
import { passkeyAccountRoutes } from './routes/passkey-account.js'
import { accountIdentitiesRoutes } from './routes/account-identities.js'
import { sessionAccountRoutes } from './routes/session-account.js'
import { passkeyRoutes } from './routes/passkeys.js'
import { openIdProviderRoutes } from './routes/openid-provider.js'
import { openIdUserInfoRoutes } from './routes/openid-userinfo.js'
import { logoutRoutes } from './routes/logout.js'
import { securityHeaders } from './routes/security-headers.js'
import { tokenRoutes } from './routes/token.js'
import { samlRoutes } from './routes/saml.js'
import { SCIM_PATH, scimRoutes } from './routes/scim.js'
import { upstreamRoutes } from './routes/upstream.js'
import { wellKnownRoutes } from './routes/well-known.js'
import { pageOf } from './routes/page.js'
import { MessagePage } from './views/message-page.js'

export function createBridgeApp(services: BridgeServices) {
  const app = new Hono<BridgeEnv>()
  const pageErrors = errorPageHandler(services.logger)
  const { metrics } = services
  // The group that answered a request. Every group is mounted at its prefix behind a middleware
  // that notes its name: of the groups whose middleware ran, the last is the one whose handler
  // answered (a handler does not call next), so this is never derived from the path.
  const answeredBy = new WeakMap<Context, RouteGroup>()
  const grouped = (name: RouteGroup, group: Hono<BridgeEnv>) =>
    new Hono<BridgeEnv>()
      .use(async function noteRouteGroup(c, next) {
        answeredBy.set(c, name)
        await next()
      })
      .route('/', group)
  /** A group whose errors are pages: mounted inside a wrapper that holds the page handler. */
  const pages = (name: RouteGroup, group: Hono<BridgeEnv>) =>
    grouped(name, new Hono<BridgeEnv>().onError(pageErrors).route('/', group))

  app.use(async function measureRequest(c, next) {
    const started = performance.now()
    await next()
    // c.error is what a group's onError answered: the refusals, by the code the client saw.
    if (c.error) metrics.refusal(toBridgeError(c.error).code)
    const seconds = (performance.now() - started) / 1000
    metrics.request(answeredBy.get(c) ?? 'root', c.req.method, c.res.status, seconds)
  })
  app.use(async (c, next) => {
    c.set('requestId', randomToken(9))
    // The console's overrides (one cached read) only for what a browser opens as a document:
    // health checks, sso.js, the token endpoint and the admin API render no page to word.
    const document = (c.req.header('accept') ?? '').includes('text/html')
    c.set(
      'translations',
      document ? await services.liveTranslations.current() : services.translations,
    )
    await next()
  })
  app.use(securityHeaders())

  app.get('/', (c) =>
    c.html(<MessagePage page={pageOf(c)} title="ssobridge" text={pageOf(c).t('home.text')} />),
  )
  app.route('/', pages('authorize', authorizeRoutes(services)))
  app.route('/', pages('login', loginRoutes(services)))
  app.route('/', pages('login', accountLinkRoutes(services)))
  app.route('/', pages('login', signUpRoutes(services)))
  app.route('/', pages('login', passwordResetRoutes(services)))
  app.route('/', pages('login', emailSignInRoutes(services)))
  app.route('/', pages('mfa', mfaRoutes(services)))
  app.route('/', pages('upstream', upstreamRoutes(services)))
  app.route('/', pages('passkey', passkeyRoutes(services)))
  app.route('/', pages('passkey_account', passkeyAccountRoutes(services)))
  app.route('/', pages('account', accountIdentitiesRoutes(services)))
  app.route('/', pages('account', sessionAccountRoutes(services)))
  app.route('/', pages('saml', samlRoutes(services)))
  app.route('/', grouped('token', tokenRoutes(services)))
  app.route('/', pages('logout', logoutRoutes(services)))
  app.route('/', pages('well_known', wellKnownRoutes(services)))
  app.route('/', pages('userinfo', openIdUserInfoRoutes(services)))
  app.route('/', pages('oidc', openIdProviderRoutes(services)))
  app.route('/', pages('embed', embedScriptRoutes(services)))
  app.route('/', pages('embed', brandRoutes(services)))
  app.route('/', pages('health', healthRoutes(services)))
  app.route(SCIM_PATH, grouped('scim', scimRoutes(services)))
  app.route(ADMIN_API_PATH, grouped('admin_api', adminApiRoutes(services)))
  app.route(ADMIN_CONSOLE_PATH, grouped('admin', adminConsoleRoutes(services)))

  app.notFound((c) => {
    answeredBy.set(c, 'unmatched')
    metrics.refusal('not_found')
    return errorPageResponse(c, new BridgeError('not_found', { reason: 'route_unknown' }))
  })
  // What no group caught (the app's own middleware, the root page) is a page too.
  app.onError(pageErrors)
  return app
}
