/** Delivery of a result to the site's callback. `form_post` for now: an auto-submitting form. */
import type { Context } from 'hono'
import type { App } from '../domain/apps.js'
import type { AuthorizationRequest } from '../domain/login-transactions.js'
import type { Session } from '../domain/sessions.js'
import type { User } from '../domain/users.js'
import { FormPostPage } from '../views/form-post-page.js'
import type { BridgeEnv, BridgeServices } from './env.js'

type Target = Pick<AuthorizationRequest, 'redirectUri' | 'state' | 'returnTo'>

function postToCallback(c: Context<BridgeEnv>, target: Target, fields: Record<string, string>) {
  if (target.returnTo) fields.return_to = target.returnTo
  c.set('formAction', [new URL(target.redirectUri).origin])
  c.header('Cache-Control', 'no-store')
  c.header('Referrer-Policy', 'no-referrer')
  return c.html(<FormPostPage nonce={c.get('nonce')} action={target.redirectUri} fields={fields} />)
}

export async function deliverToken(
  c: Context<BridgeEnv>,
  services: BridgeServices,
  input: { app: App; user: User; session: Session; request: AuthorizationRequest },
) {
  const { app, user, session, request } = input
  const token = await services.mint({ app, user, session, nonce: request.state })
  services.logger.info('token issued', {
    requestId: c.get('requestId'),
    app: app.id,
    user: user.id,
    connection: session.connection,
  })
  return postToCallback(c, request, { token, state: request.state })
}

/** User-side outcomes (cancelled, not signed in) go back to the site, per OAuth's habits. */
export function deliverError(
  c: Context<BridgeEnv>,
  request: Target,
  error: 'access_denied' | 'login_required',
  description: string,
) {
  return postToCallback(c, request, { error, error_description: description, state: request.state })
}
