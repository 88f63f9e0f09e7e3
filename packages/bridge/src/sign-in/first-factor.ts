/** A first factor succeeded: finish, or keep it pending while the second factor is asked for. */
import { rotateCsrf } from '../domain/login-transactions.js'
import { finish, type Authenticated } from './finish.js'
import type { Outcome } from './outcome.js'
import { secondFactorPath } from './paths.js'
import { secondFactorStep } from './second-factor-policy.js'
import type { SignInServices, Visit } from './services.js'
import { firstFactor as passFirstFactor } from './state.js'

export async function firstFactor(
  services: SignInServices,
  visit: Visit,
  input: Authenticated,
): Promise<Outcome> {
  const step = await secondFactorStep(
    services.storage,
    input.app,
    input.user,
    input.connection,
    input.amr,
  )
  const factor = { userId: input.user.id, connection: input.connection, amr: input.amr }
  const next = passFirstFactor(input.tx.progress, factor, step !== 'none')
  if (next.step === 'finished') return finish(services, visit, input)
  // No session exists until the second factor passes: only the transaction knows of the first.
  await rotateCsrf(services.storage, input.txId, input.tx, next)
  return { kind: 'redirect', location: secondFactorPath(input.txId), status: 303 }
}
