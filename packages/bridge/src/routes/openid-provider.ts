/**
 * The OpenID Provider's HTTP surface: discovery and `/oidc/*` go to oidc-provider's Node handler
 * (the bridge runs on @hono/node-server); its interactions come here and become the bridge's own
 * sign-in (login page, upstream IdPs, MFA), which ends back here instead of delivering a JWT.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response'
import { Hono, type Context } from 'hono'
import type Provider from 'oidc-provider'
import type { KoaContextWithOIDC } from 'oidc-provider'
import { isDatabaseUnavailable } from '../database-faults.js'
import { APPS, getApp, type App } from '../domain/apps.js'
import type { AuthorizationRequest } from '../domain/login-transactions.js'
import { sha256 } from '../domain/secret-hash.js'
import { getSession } from '../domain/sessions.js'
import { rememberSignedInApp } from '../domain/backchannel-logout.js'
import { BridgeError } from '../errors.js'
import { clientCorsOrigins } from '../oidc-provider/clients.js'
import { OP_ROUTES, acrOf, requestHooks } from '../oidc-provider/configuration.js'
import { begin } from '../sign-in/begin.js'
import { currentSignIn } from '../sign-in/current-sign-in.js'
import { takeInteractionSignIn } from '../sign-in/interaction-result.js'
import { secondFactorStep } from '../sign-in/second-factor-policy.js'
import { cookieJar, cookieName } from './cookies.js'
import { respond, visitOf } from './deliver.js'
import { endSession } from './end-session.js'
import { errorPageHandler } from './error-page-response.js'
import { tokenErrorHandler } from './token.js'
import type { BridgeEnv, BridgeServices } from './env.js'

type NodeBindings = { incoming: IncomingMessage; outgoing: ServerResponse }

const USER_ERRORS = new Set(['access_denied', 'login_required'])

function nodeOf(c: Context<BridgeEnv>): NodeBindings {
  const env = c.env as Partial<NodeBindings> | undefined
  if (!env?.incoming || !env.outgoing) {
    throw new BridgeError('server_error', {
      message: 'the OpenID Provider needs the Node server (@hono/node-server)',
    })
  }
  return env as NodeBindings
}

/**
 * Tells @hono/node-server that oidc-provider wrote the Node response. Made at import, before the
 * server swaps in its own Response class, whose instances it would write out regardless.
 */
const alreadySent = () => RESPONSE_ALREADY_SENT

export function openIdProviderRoutes(services: BridgeServices) {
  const { storage, settings, openIdProvider } = services
  const issuer = new URL(settings.issuer)
  const jar = cookieJar(settings.issuer)
  const handlers = new WeakMap<object, ReturnType<Provider['callback']>>()

  /** A bridge session oidc-provider may take as this client's login, second factor included. */
  async function usableSignIn(c: Context<BridgeEnv>, app: App) {
    const signedIn = await currentSignIn(storage, jar.get(c, 'session'), app)
    if (!signedIn) return undefined
    const step = await secondFactorStep(
      storage,
      app,
      signedIn.user,
      signedIn.session.connection,
      signedIn.session.amr,
    )
    if (step !== 'none') return undefined
    await services.sessionActivity.seen(sha256(jar.get(c, 'session')!), signedIn.session)
    return signedIn
  }

  /** Hands the request to oidc-provider, with what it needs of the bridge for this request. */
  async function forward(c: Context<BridgeEnv>) {
    const { incoming, outgoing } = nodeOf(c)
    const provider = await openIdProvider.current()
    requestHooks.set(incoming, {
      requestId: c.get('requestId'),
      async signIn(clientId) {
        const app = await getApp(storage, clientId)
        return app?.oidc ? usableSignIn(c, app) : undefined
      },
      async signedInTo(clientId) {
        const session = await getSession(storage, jar.get(c, 'session'))
        const app = await getApp(storage, clientId)
        if (session && app) await rememberSignedInApp(storage, session, app)
        return session?.sid
      },
      async connectionAllowed(clientId, connection) {
        return (await getApp(storage, clientId))?.connections.includes(connection) ?? false
      },
      async endBridgeSession(ctx: KoaContextWithOIDC) {
        await endSession(services, jar.get(c, 'session'), c.get('requestId'))
        ctx.cookies.set(cookieName(settings.issuer, 'session'), null, {
          path: '/',
          httpOnly: true,
          secure: issuer.protocol === 'https:',
          sameSite: 'lax',
          signed: false,
          overwrite: true,
        })
        services.logger.info('signed out', { requestId: c.get('requestId'), via: 'openid' })
      },
    })
    // Every URL oidc-provider makes (discovery, redirects) is the issuer's, whatever Host said.
    incoming.headers.host = issuer.host
    incoming.headers['x-forwarded-proto'] = issuer.protocol.slice(0, -1)
    delete incoming.headers['x-forwarded-host']
    outgoing.setHeader('X-Content-Type-Options', 'nosniff')
    outgoing.setHeader('X-Frame-Options', 'DENY')
    outgoing.setHeader('Referrer-Policy', 'no-referrer')
    let handle = handlers.get(provider)
    if (!handle) handlers.set(provider, (handle = provider.callback()))
    await handle(incoming, outgoing)
    return alreadySent()
  }

  async function interaction(c: Context<BridgeEnv>) {
    const { incoming, outgoing } = nodeOf(c)
    const provider = await openIdProvider.current()
    const details = await provider.interactionDetails(incoming, outgoing).catch((cause) => {
      // A database that is gone is a moment to retry (503), not a sign-in that expired.
      if (isDatabaseUnavailable(cause)) throw cause
      throw new BridgeError('login_expired', {
        reason: 'interaction_unknown',
        message: 'no such interaction',
        cause,
      })
    })
    if (details.uid !== c.req.param('uid'))
      throw new BridgeError('login_expired', { reason: 'interaction_unknown' })
    return { provider, details, incoming, outgoing }
  }

  // A client calling the token or revocation endpoint reads OAuth JSON, even when the bridge
  // fails before oidc-provider answers (storage gone while it looks up the signing keys).
  const pageErrors = errorPageHandler<BridgeEnv>(services.logger)
  const jsonErrors = tokenErrorHandler(services.logger)
  const jsonRoutes = new Set<string>([OP_ROUTES.token, OP_ROUTES.revocation])
  const routes = new Hono<BridgeEnv>().onError((error, c) =>
    (jsonRoutes.has(c.req.path) ? jsonErrors : pageErrors)(error, c),
  )

  routes.get('/oidc/interaction/:uid', async (c) => {
    const { provider, details, incoming, outgoing } = await interaction(c)
    const app = await getApp(storage, String(details.params.client_id))
    if (!app?.oidc)
      throw new BridgeError('unknown_app', {
        reason: 'app_deleted',
        message: 'client gone during sign-in',
      })
    if (details.prompt.name === 'consent') {
      // First-party apps: grant what is missing and go on (loadExistingGrant grants the rest).
      const grant = details.grantId
        ? await provider.Grant.find(details.grantId)
        : new provider.Grant({ clientId: app.id, accountId: details.session?.accountId })
      if (!grant) throw new BridgeError('login_expired')
      const missing = details.prompt.details as { missingOIDCScope?: string[] }
      if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '))
      const grantId = await grant.save()
      const returnTo = await provider.interactionResult(incoming, outgoing, {
        consent: { grantId },
      })
      return c.redirect(returnTo, 303)
    }
    // Anything but "nobody is signed in" (prompt=login, max_age, another user in the hint)
    // asks for credentials again.
    const force = details.prompt.reasons.some((reason) => reason !== 'no_session')
    const params = details.params as Record<string, unknown>
    const text = (value: unknown) => (typeof value === 'string' ? value : undefined)
    const request: AuthorizationRequest = {
      appId: app.id,
      redirectUri: String(params.redirect_uri),
      prompt: force ? 'login' : undefined,
      loginHint: text(params.login_hint)?.slice(0, 320),
      uiLocales: text(params.ui_locales)?.slice(0, 256),
      connection: text(params.connection),
      oidcInteraction: details.uid,
    }
    return respond(c, jar, await begin(services, visitOf(c, jar), app, request))
  })

  routes.get('/oidc/interaction/:uid/finish', async (c) => {
    const { provider, details, incoming, outgoing } = await interaction(c)
    const error = c.req.query('error')
    if (error !== undefined) {
      if (!USER_ERRORS.has(error)) throw new BridgeError('invalid_request')
      const returnTo = await provider.interactionResult(
        incoming,
        outgoing,
        {
          error,
          error_description:
            error === 'access_denied'
              ? 'The user cancelled the sign-in.'
              : 'The user is not signed in.',
        },
        { mergeWithLastSubmission: false },
      )
      return c.redirect(returnTo, 303)
    }
    const signIn = await takeInteractionSignIn(storage, details.uid)
    if (!signIn)
      throw new BridgeError('login_expired', {
        reason: 'interaction_unknown',
        message: 'interaction not signed in',
      })
    // The browser finishing is the one that signed in: its bridge session says so.
    const app = await getApp(storage, String(details.params.client_id))
    const current = app ? await currentSignIn(storage, jar.get(c, 'session'), app) : undefined
    if (!current || current.user.id !== signIn.userId || current.session.sid !== signIn.sid) {
      throw new BridgeError('login_expired', {
        reason: 'session_changed',
        message: 'bridge session changed during sign-in',
      })
    }
    const returnTo = await provider.interactionResult(
      incoming,
      outgoing,
      {
        login: {
          accountId: signIn.userId,
          ts: signIn.authTime,
          amr: signIn.amr,
          acr: acrOf(signIn.amr),
          remember: true,
        },
      },
      { mergeWithLastSubmission: false },
    )
    return c.redirect(returnTo, 303)
  })

  // A browser app asks before it POSTs to the token or revocation endpoint: only the origins of
  // public clients get an answer that lets it (the POST's answer is checked against its client).
  routes.on('OPTIONS', [OP_ROUTES.token, OP_ROUTES.revocation], async (c) => {
    const origin = c.req.header('Origin')
    if (origin && (await anyPublicClientAllows(services, origin))) {
      c.header('Access-Control-Allow-Origin', origin)
      c.header('Vary', 'Origin')
      c.header('Access-Control-Allow-Methods', 'POST')
      c.header('Access-Control-Allow-Headers', 'Content-Type, Authorization')
      c.header('Access-Control-Max-Age', '600')
    }
    return c.body(null, 204)
  })

  // OIDC Core 3.1.2.1: the authorization endpoint takes POST too. oidc-provider would then need
  // SameSite=None cookies; the same request as a GET needs nothing of the kind.
  routes.post(OP_ROUTES.authorization, async (c) => {
    const type = c.req.header('Content-Type') ?? ''
    const body = await c.req.text()
    if (!type.startsWith('application/x-www-form-urlencoded') || body.length > 16_384) {
      throw new BridgeError('invalid_request', { reason: 'not_a_form' })
    }
    return c.redirect(`${OP_ROUTES.authorization}?${new URLSearchParams(body)}`, 303)
  })

  // Only oidc-provider's own endpoints go to it; anything else under /oidc is the bridge's 404.
  const served = /^\/oidc\/(authorize(\/[\w-]+)?|token|revoke|logout(\/confirm|\/success)?)$/
  routes.all('/oidc/*', (c) => (served.test(c.req.path) ? forward(c) : c.notFound()))
  routes.on(['GET', 'OPTIONS'], '/.well-known/openid-configuration', forward)
  return routes
}

/** Whether some public OIDC client lists this origin (preflights carry no client_id). */
export async function anyPublicClientAllows(
  services: BridgeServices,
  origin: string,
): Promise<boolean> {
  const apps = await services.storage.list(APPS, { limit: 10_000 })
  return apps.some(({ value }) => clientCorsOrigins(value).has(origin))
}
