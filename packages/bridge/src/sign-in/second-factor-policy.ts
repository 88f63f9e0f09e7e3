/**
 * Between the first factor and the session: the one place that decides whether a second factor
 * is needed, so no path (password, passkey, upstream, session reuse) can skip it.
 */
import type { App } from '../domain/apps.js'
import { getConnection } from '../domain/connections.js'
import type { User } from '../domain/users.js'
import { hasSecondFactorEnrolled } from '../mfa/passkeys.js'
import { hasSecondFactor, mfaStep, type MfaStep } from '../mfa/policy.js'
import type { Storage } from '../storage/types.js'

export async function secondFactorStep(
  storage: Storage,
  app: App,
  user: User,
  connection: string,
  amr: string[],
): Promise<MfaStep> {
  const policy = (await getConnection(storage, connection))?.mfa ?? 'off'
  const appRequiresMfa = app.requireMfa === true
  // Whether the user enrolled a factor matters only when a factor may be asked for; not looking
  // saves a session reuse its passkey read.
  const matters = !hasSecondFactor(amr) && (appRequiresMfa || policy !== 'off')
  return mfaStep({
    connectionPolicy: policy,
    appRequiresMfa,
    userHasFactor: matters && (await hasSecondFactorEnrolled(storage, user)),
    amr,
  })
}
