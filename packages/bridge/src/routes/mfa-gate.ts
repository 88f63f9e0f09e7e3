/**
 * Between the first factor and the session: the one place that decides whether a second factor
 * is needed, so no path (password, upstream, session reuse) can skip it.
 */
import type { Context } from 'hono'
import type { App } from '../domain/apps.js'
import { getConnection } from '../domain/connections.js'
import { rotateCsrf, type LoginTransaction } from '../domain/login-transactions.js'
import type { User } from '../domain/users.js'
import { hasSecondFactorEnrolled } from '../mfa/passkeys.js'
import { mfaStep } from '../mfa/policy.js'
import type { CookieJar } from './cookies.js'
import type { BridgeEnv, BridgeServices } from './env.js'
import { finishSignIn } from './sign-in-steps.js'

export interface FirstFactor {
  txId: string
  tx: LoginTransaction
  app: App
  user: User
  connection: string
  amr: string[]
}

export async function secondFactorStep(
  services: BridgeServices,
  app: App,
  user: User,
  connection: string,
  amr: string[],
) {
  const policy = (await getConnection(services.storage, connection))?.mfa ?? 'off'
  return mfaStep({
    connectionPolicy: policy,
    appRequiresMfa: app.requireMfa === true,
    userHasFactor: await hasSecondFactorEnrolled(services.storage, user),
    amr,
  })
}

export async function afterFirstFactor(
  c: Context<BridgeEnv>,
  services: BridgeServices,
  jar: CookieJar,
  input: FirstFactor,
) {
  const step = await secondFactorStep(services, input.app, input.user, input.connection, input.amr)
  if (step === 'none') return finishSignIn(c, services, jar, input)
  await rotateCsrf(services.storage, input.txId, input.tx, {
    pending: { userId: input.user.id, connection: input.connection, amr: input.amr },
  })
  return c.redirect(`/mfa?tx=${input.txId}`, 303)
}
