/**
 * The start of every sign-in, for GET /authorize and the OpenID Provider's interactions alike:
 * reuse the bridge session when it is enough for this app, ask only for the second factor when
 * it lacks one (step-up), or store a login transaction bound to this browser and move on to
 * where the user signs in.
 */
import type { App } from '../domain/apps.js'
import { getConnection, isUpstream } from '../domain/connections.js'
import {
  LOGIN_TX_TTL_SECONDS,
  startLoginTransaction,
  type AuthorizationRequest,
  type FirstFactorDone,
} from '../domain/login-transactions.js'
import { randomToken } from '../domain/random-token.js'
import { sha256 } from '../domain/secret-hash.js'
import { currentSignIn } from './current-sign-in.js'
import { deliverError, deliverSignIn } from './deliver.js'
import type { Outcome } from './outcome.js'
import { loginPath, secondFactorPath, upstreamStartPath } from './paths.js'
import { secondFactorStep } from './second-factor-policy.js'
import { begin as started } from './state.js'
import type { SignInServices, Visit } from './services.js'

/** The shape of randomToken(): anything else in the cookie is not ours and is replaced. */
const browserSecretPattern = /^[A-Za-z0-9_-]{43}$/

/**
 * One secret per browser binds its login transactions to it (login CSRF defence); reusing it
 * keeps sign-ins started in two tabs working.
 */
export const browserSecretOf = (visit: Visit) =>
  visit.browserSecret && browserSecretPattern.test(visit.browserSecret)
    ? visit.browserSecret
    : randomToken()

export async function begin(
  services: SignInServices,
  visit: Visit,
  app: App,
  request: AuthorizationRequest,
): Promise<Outcome> {
  const { storage } = services
  let stepUp: FirstFactorDone | undefined
  if (request.prompt !== 'login') {
    const signedIn = await currentSignIn(storage, visit.sessionCookie, app)
    const step = signedIn
      ? await secondFactorStep(
          storage,
          app,
          signedIn.user,
          signedIn.session.connection,
          signedIn.session.amr,
        )
      : undefined
    if (signedIn && step === 'none') {
      await services.sessionActivity.seen(sha256(visit.sessionCookie!), signedIn.session)
      return deliverSignIn(services, visit.requestId, { app, ...signedIn, request })
    }
    if (request.prompt === 'none')
      return deliverError(request, 'login_required', 'The user is not signed in.')
    // Signed in, but this app wants a second factor the session lacks: ask only for that.
    if (signedIn) {
      const { session, user } = signedIn
      stepUp = { userId: user.id, connection: session.connection, amr: session.amr }
    }
  }
  const browserSecret = browserSecretOf(visit)
  const { id } = await startLoginTransaction(
    storage,
    request,
    browserSecret,
    Date.now(),
    started(stepUp),
  )
  const cookies = { login: { value: browserSecret, maxAge: LOGIN_TX_TTL_SECONDS } }
  const go = (location: string): Outcome => ({ kind: 'redirect', location, status: 302, cookies })
  if (stepUp) return go(secondFactorPath(id))
  // Skip the login page when there is nothing to choose: the site named a connection, or the
  // app has a single one and that one is upstream.
  const only = request.connection ?? (app.connections.length === 1 ? app.connections[0] : undefined)
  const direct = only ? await getConnection(storage, only) : undefined
  if (direct && isUpstream(direct)) return go(upstreamStartPath(direct.id, id))
  return go(loginPath(id))
}
