/**
 * Delivery of a result to the site, the way its app asks: `form_post` (an auto-submitting form),
 * `query` (a redirect carrying the token, for platforms' JWT endpoints) or `code` (a redirect
 * carrying a one-time code that the page redeems with PKCE at POST /token).
 */
import type { Context } from 'hono'
import { decodeJwt, decodeProtectedHeader } from 'jose'
import { TryItPage } from '../views/try-it-page.js'
import { deliveryParams, type ErrorDelivery } from '../domain/app-integration.js'
import type { App } from '../domain/apps.js'
import { issueCode } from '../domain/authorization-codes.js'
import { rememberSignedInApp } from '../domain/backchannel-logout.js'
import type { AuthorizationRequest } from '../domain/login-transactions.js'
import type { Session } from '../domain/sessions.js'
import type { User } from '../domain/users.js'
import { BridgeError } from '../errors.js'
import { ContinuePage } from '../views/continue-page.js'
import { FormPostPage } from '../views/form-post-page.js'
import type { BridgeEnv, BridgeServices } from './env.js'
import { failOpenIdSignIn, finishOpenIdSignIn } from './openid-provider.js'

type Target = Pick<
  AuthorizationRequest,
  'redirectUri' | 'state' | 'returnTo' | 'delivery' | 'oidcInteraction'
>
type Fields = Record<string, string | undefined>

function defined(fields: Fields): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(fields)) if (value !== undefined) out[name] = value
  return out
}

function postToCallback(c: Context<BridgeEnv>, action: string, fields: Fields) {
  c.set('formAction', [new URL(action).origin])
  c.header('Cache-Control', 'no-store')
  c.header('Referrer-Policy', 'no-referrer')
  return c.html(<FormPostPage nonce={c.get('nonce')} action={action} fields={defined(fields)} />)
}

/** Sends the browser to `base` with `fields` added to its query (a registered URL may have one). */
function redirectTo(c: Context<BridgeEnv>, base: string, fields: Fields) {
  const url = new URL(base)
  for (const [name, value] of Object.entries(defined(fields))) url.searchParams.set(name, value)
  c.header('Cache-Control', 'no-store')
  c.header('Referrer-Policy', 'no-referrer')
  if (c.req.method === 'GET') return c.redirect(url.href, 302)
  return c.html(<ContinuePage nonce={c.get('nonce')} href={url.href} />)
}

export async function deliverToken(
  c: Context<BridgeEnv>,
  services: BridgeServices,
  input: { app: App; user: User; session: Session; request: AuthorizationRequest },
) {
  const { app, user, session, request } = input
  await rememberSignedInApp(services.storage, session, app)
  // An OpenID Connect sign-in: oidc-provider answers the client, not a delivery.
  if (request.oidcInteraction) {
    return finishOpenIdSignIn(c, services, request.oidcInteraction, {
      userId: user.id,
      authTime: session.authTime,
      amr: session.amr,
      sid: session.sid,
    })
  }
  if (request.tryIt) {
    const token = await services.mint({ app, user, session, nonce: request.state })
    c.header('Cache-Control', 'no-store')
    return c.html(
      <TryItPage
        nonce={c.get('nonce')}
        appName={app.name}
        header={decodeProtectedHeader(token)}
        claims={decodeJwt(token)}
      />,
    )
  }
  const fields = {
    requestId: c.get('requestId'),
    app: app.id,
    user: user.id,
    connection: session.connection,
  }
  if (app.delivery === 'code') {
    if (!request.codeChallenge) {
      // The app switched to code delivery while this sign-in was under way.
      throw new BridgeError('invalid_request', { message: 'code delivery without a challenge' })
    }
    const code = await issueCode(services.storage, {
      appId: app.id,
      redirectUri: request.redirectUri,
      codeChallenge: request.codeChallenge,
      state: request.state,
      userId: user.id,
      session: {
        connection: session.connection,
        authTime: session.authTime,
        amr: session.amr,
        sid: session.sid,
      },
    })
    services.logger.info('code issued', fields)
    return redirectTo(c, request.redirectUri, { code, state: request.state })
  }
  const token = await services.mint({ app, user, session, nonce: request.state })
  services.logger.info('token issued', fields)
  const names = deliveryParams(app)
  if (app.delivery === 'query') {
    return redirectTo(c, request.redirectUri, {
      [names.token]: token,
      state: request.state,
      [names.returnTo]: request.returnTo,
      error_url: app.errorUrl,
    })
  }
  return postToCallback(c, request.redirectUri, {
    [names.token]: token,
    state: request.state,
    [names.returnTo]: request.returnTo,
  })
}

/** User-side outcomes (cancelled, not signed in) go back to the site, per OAuth's habits. */
export function deliverError(
  c: Context<BridgeEnv>,
  request: Target,
  error: 'access_denied' | 'login_required',
  description: string,
) {
  if (request.oidcInteraction) return failOpenIdSignIn(c, request.oidcInteraction, error)
  const delivery: ErrorDelivery = request.delivery ?? { mode: 'form_post' }
  const fields = {
    error,
    error_description: description,
    state: request.state,
    [delivery.returnToParam ?? 'return_to']: request.returnTo,
  }
  if (delivery.mode === 'form_post') return postToCallback(c, request.redirectUri, fields)
  // A platform with an error page of its own gets the visitor there.
  return redirectTo(c, delivery.errorUrl ?? request.redirectUri, fields)
}
