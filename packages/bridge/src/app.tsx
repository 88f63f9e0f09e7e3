/** The bridge's HTTP surface: route groups mounted on one Hono app, one error mapping for all. */
import { Hono, type Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { randomToken } from './domain/random.js'
import { adminApiError } from './routes/admin/api-auth.js'
import { ADMIN_API_PATH, adminApiRoutes } from './routes/admin/api.js'
import { ADMIN_CONSOLE_PATH, adminConsoleRoutes } from './routes/admin/console.js'
import { BridgeError, isBridgeError } from './errors.js'
import { authorizeRoutes } from './routes/authorize.js'
import { embedScriptRoutes } from './routes/embed-script.js'
import type { BridgeEnv, BridgeServices } from './routes/env.js'
import { healthRoutes } from './routes/health.js'
import { loginRoutes } from './routes/login.js'
import { mfaRoutes } from './routes/mfa.js'
import { passkeyAccountRoutes } from './routes/passkey-account.js'
import { passkeyRoutes } from './routes/passkeys.js'
import { openIdProviderRoutes } from './routes/openid-provider.js'
import { openIdUserInfoRoutes } from './routes/openid-userinfo.js'
import { logoutRoutes } from './routes/logout.js'
import { securityHeaders } from './routes/security-headers.js'
import { TOKEN_PATH, tokenErrorResponse, tokenRoutes } from './routes/token.js'
import { samlRoutes } from './routes/saml.js'
import { upstreamRoutes } from './routes/upstream.js'
import { wellKnownRoutes } from './routes/well-known.js'
import { ErrorPage } from './views/error-page.js'
import { MessagePage } from './views/message-page.js'

export function createBridgeApp(services: BridgeServices) {
  const app = new Hono<BridgeEnv>()

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
  app.route('/', authorizeRoutes(services))
  app.route('/', loginRoutes(services))
  app.route('/', mfaRoutes(services))
  app.route('/', upstreamRoutes(services))
  app.route('/', passkeyRoutes(services))
  app.route('/', passkeyAccountRoutes(services))
  app.route('/', samlRoutes(services))
  app.route('/', tokenRoutes(services))
  app.route('/', logoutRoutes(services))
  app.route('/', wellKnownRoutes(services))
  app.route('/', openIdUserInfoRoutes(services))
  app.route('/', openIdProviderRoutes(services))
  app.route('/', embedScriptRoutes(services))
  app.route('/', healthRoutes(services))
  app.route(ADMIN_API_PATH, adminApiRoutes(services))
  app.route(ADMIN_CONSOLE_PATH, adminConsoleRoutes(services))

  app.notFound((c) => renderError(c, new BridgeError('not_found')))
  app.onError((error, c) => {
    const mapped = toBridgeError(error)
    const fields = { requestId: c.get('requestId'), code: mapped.code, path: c.req.path }
    if (mapped.code === 'server_error') {
      // The cause goes to the log only; the page shows a reference the operator can grep.
      services.logger.error(mapped.message, { ...fields, error: describeCause(error) })
    } else {
      services.logger.info(mapped.message, fields)
    }
    return renderError(c, mapped)
  })
  return app
}

function toBridgeError(error: unknown): BridgeError {
  if (isBridgeError(error)) return error
  if (error instanceof HTTPException) {
    if (error.status === 413) return new BridgeError('payload_too_large')
    if (error.status < 500) return new BridgeError('invalid_request', { message: error.message })
  }
  return new BridgeError('server_error', { message: 'unhandled error', cause: error })
}

/** Enough to find the fault, without a stack trace and with messages cut short. */
function describeCause(error: unknown): string {
  const cause = isBridgeError(error) && error.cause !== undefined ? error.cause : error
  if (cause instanceof Error) return `${cause.name}: ${cause.message.slice(0, 200)}`
  return typeof cause
}

function renderError(c: Context<BridgeEnv>, error: BridgeError) {
  // Scripts call the token endpoint; they get OAuth-style JSON, not a page.
  if (c.req.path === TOKEN_PATH) return tokenErrorResponse(c, error)
  // The admin API answers JSON, whatever went wrong.
  if (c.req.path === ADMIN_API_PATH || c.req.path.startsWith(`${ADMIN_API_PATH}/`))
    return adminApiError(c, error)
  const nonce = c.get('nonce') ?? randomToken(16)
  return c.html(
    <ErrorPage
      nonce={nonce}
      description={error.description}
      code={error.code}
      requestId={c.get('requestId') ?? '-'}
    />,
    error.status as 400,
  )
}
