/**
 * The second factor passed, or "continue" after it: the sign-in finishes with an amr that says
 * both factors, or first shows what the user must read (recovery codes) and waits for continue.
 */
import type { App } from '../domain/apps.js'
import { rotateCsrf, type LoginTransaction } from '../domain/login-transactions.js'
import type { User } from '../domain/users.js'
import { finish } from './finish.js'
import type { Notice, Outcome } from './outcome.js'
import type { SignInServices, Visit } from './services.js'
import {
  finish as finishMove,
  secondFactor as passSecondFactor,
  type SecondFactorMethod,
  type SignInState,
} from './state.js'

export interface SecondFactorStep {
  txId: string
  tx: LoginTransaction
  app: App
  user: User
}

async function finishVerified(
  services: SignInServices,
  visit: Visit,
  input: SecondFactorStep,
  verified: SignInState,
): Promise<Outcome> {
  const { signIn } = finishMove(verified)
  return finish(services, visit, { ...input, connection: signIn.connection, amr: signIn.amr })
}

export async function secondFactor(
  services: SignInServices,
  visit: Visit,
  input: SecondFactorStep & { method: SecondFactorMethod; notice?: Notice },
): Promise<Outcome> {
  const { method, notice, ...step } = input
  const verified = passSecondFactor(step.tx.progress, method)
  if (!notice) return finishVerified(services, visit, step, verified)
  const next = await rotateCsrf(services.storage, step.txId, step.tx, verified)
  return { kind: 'page', appName: step.app.name, txId: step.txId, csrf: next.csrf, notice }
}

/** "Continue" on the page shown after the second factor. */
export const continueSignIn = (services: SignInServices, visit: Visit, input: SecondFactorStep) =>
  finishVerified(services, visit, input, input.tx.progress)
