/**
 * IdP-initiated SAML (only with dangerouslyAllowIdpInitiated): no site asked, so a login
 * transaction is started here for the connection's target app, and the sign-in goes through the
 * same gate and finish as any other: audit, second factor, carried apps. Its finish delivers no
 * token (there is no site state to answer) and sends the browser to the app's home.
 */
import type { App } from '../domain/apps.js'
import { LOGIN_TX_TTL_SECONDS, startLoginTransaction } from '../domain/login-transactions.js'
import type { User } from '../domain/users.js'
import { browserSecretOf } from './begin.js'
import { firstFactor } from './first-factor.js'
import type { Outcome } from './outcome.js'
import type { SignInServices, Visit } from './services.js'

export async function idpInitiatedSignIn(
  services: SignInServices,
  visit: Visit,
  input: { app: App; user: User; connection: string; amr: string[] },
): Promise<Outcome> {
  const { app } = input
  const browserSecret = browserSecretOf(visit)
  const { id, tx } = await startLoginTransaction(
    services.storage,
    {
      appId: app.id,
      redirectUri: new URL('/', app.callbackUrls[0] as string).href,
      connection: input.connection,
      idpInitiated: true,
    },
    browserSecret,
  )
  const outcome = await firstFactor(
    services,
    { ...visit, browserSecret },
    { ...input, txId: id, tx },
  )
  return {
    ...outcome,
    cookies: { ...outcome.cookies, login: { value: browserSecret, maxAge: LOGIN_TX_TTL_SECONDS } },
  }
}
