/**
 * What a finished sign-in gives the site, the way its app asks (`domain/app-integration.ts`):
 * `form_post` (an auto-submitting form), `query` (a redirect carrying the token, for platforms'
 * JWT endpoints) or `code` (a redirect carrying a one-time code that the page redeems with PKCE
 * at POST /token); an OpenID Connect sign-in answers its interaction instead.
 */
import { deliveryParams, type ErrorDelivery } from '../domain/app-integration.js'
import type { App } from '../domain/apps.js'
import { issueCode } from '../domain/authorization-codes.js'
import { rememberSignedInApp } from '../domain/backchannel-logout.js'
import type { AuthorizationRequest } from '../domain/login-transactions.js'
import { platformDelivery } from '../domain/platform-delivery.js'
import type { PlatformFacts } from '../domain/platform-token.js'
import type { Session } from '../domain/sessions.js'
import type { User } from '../domain/users.js'
import { BridgeError } from '../errors.js'
import { recordInteractionSignIn } from './interaction-result.js'
import type { Outcome, UserError } from './outcome.js'
import type { SignInServices } from './services.js'

export interface Delivered {
  app: App
  user: User
  session: Session
  request: AuthorizationRequest
}

export async function deliverSignIn(
  services: SignInServices,
  requestId: string,
  input: Delivered,
): Promise<Outcome> {
  const { app, user, session, request } = input
  await rememberSignedInApp(services.storage, session, app)
  if (request.oidcInteraction) {
    await recordInteractionSignIn(services.storage, request.oidcInteraction, {
      userId: user.id,
      authTime: session.authTime,
      amr: session.amr,
      sid: session.sid,
    })
    return { kind: 'answer-interaction', uid: request.oidcInteraction }
  }
  // IdP-initiated: no site state to answer, so no token is pushed; the site's own "Sign in"
  // then completes without a prompt, with its own state check.
  if (request.idpInitiated) return { kind: 'redirect', location: request.redirectUri, status: 303 }
  if (request.tryIt) {
    const token = await services.mint({ app, user, session, nonce: request.state })
    return { kind: 'show-token', appName: app.name, token }
  }
  const fields = { requestId, app: app.id, user: user.id, connection: session.connection }
  if (app.preset) {
    const platform = await platformFacts(services, app, user, request)
    const token = await services.mint({ app, user, session, platform })
    services.logger.info('token issued', fields)
    const delivery = platformDelivery({ ...app, preset: app.preset }, request, token)
    return {
      kind: 'deliver',
      delivery:
        delivery.method === 'POST'
          ? { mode: 'form_post', action: delivery.url, fields: delivery.form ?? {} }
          : { mode: 'redirect', url: delivery.url, fields: {} },
    }
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
    return {
      kind: 'deliver',
      delivery: {
        mode: 'redirect',
        url: request.redirectUri,
        fields: { code, state: request.state },
      },
    }
  }
  const token = await services.mint({ app, user, session, nonce: request.state })
  services.logger.info('token issued', fields)
  const names = deliveryParams(app)
  if (app.delivery === 'query') {
    return {
      kind: 'deliver',
      delivery: {
        mode: 'redirect',
        url: request.redirectUri,
        fields: {
          [names.token]: token,
          state: request.state,
          [names.returnTo]: request.returnTo,
          error_url: app.errorUrl,
        },
      },
    }
  }
  return {
    kind: 'deliver',
    delivery: {
      mode: 'form_post',
      action: request.redirectUri,
      fields: { [names.token]: token, state: request.state, [names.returnTo]: request.returnTo },
    },
  }
}

/** What the preset's token needs besides the user: the platform's request, the store's customer. */
export async function platformFacts(
  services: Pick<SignInServices, 'storeCustomers'>,
  app: App,
  user: User,
  request: Pick<AuthorizationRequest, 'platform'>,
): Promise<PlatformFacts> {
  return {
    request: request.platform,
    customerId: app.preset === 'bigcommerce' ? await services.storeCustomers(app, user) : undefined,
  }
}

type Target = Pick<
  AuthorizationRequest,
  'redirectUri' | 'state' | 'returnTo' | 'delivery' | 'oidcInteraction'
>

/** User-side outcomes (cancelled, not signed in) go back to the site, per OAuth's habits. */
export function deliverError(request: Target, error: UserError, description: string): Outcome {
  if (request.oidcInteraction)
    return { kind: 'answer-interaction', uid: request.oidcInteraction, error }
  const delivery: ErrorDelivery = request.delivery ?? { mode: 'form_post' }
  if (delivery.page)
    throw new BridgeError(error, {
      message: `${error} for a platform without an error channel`,
      description,
    })
  const fields = {
    error,
    error_description: description,
    state: request.state,
    [delivery.returnToParam ?? 'return_to']: request.returnTo,
  }
  if (delivery.mode === 'form_post')
    return {
      kind: 'deliver-error',
      delivery: { mode: 'form_post', action: request.redirectUri, fields },
    }
  // A platform with an error page of its own gets the visitor there.
  return {
    kind: 'deliver-error',
    delivery: { mode: 'redirect', url: delivery.errorUrl ?? request.redirectUri, fields },
  }
}
