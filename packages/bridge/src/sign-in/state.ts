/**
 * The sign-in as one explicit state, and the only moves between states. Pure: no storage, no
 * HTTP. The flow (begin.ts, first-factor.ts, finish.ts, refuse.ts) stores what these return and
 * turns it into an outcome; a move that is not listed here throws IllegalTransition.
 *
 *   begin ─► started ─► choosing ─┐          (login page shown again after a refused attempt)
 *              │  ▲───────────────┘
 *              ├─ holdLink ─► linking ─ answerLink ─► choosing   (the account link prompt)
 *              ├─ firstFactor, nothing more needed ───────────────────────► finished
 *              └─ firstFactor, policy wants more ─► second-factor ─► enrolling
 *   begin (step-up) ──────────────────────────────►      │              │
 *                                                 secondFactor ◄────────┘
 *                                                        ▼
 *                                                     verified ─ finish ─► finished
 *   refuse / cancel from any live state ─► failed
 */
import type {
  FirstFactorDone,
  LiveState,
  SecondFactorMethod,
  SignInState,
} from '../domain/login-transactions.js'
import { BridgeError } from '../errors.js'
import { withSecondFactor } from '../mfa/policy.js'

export type {
  FirstFactorDone,
  LiveState,
  SecondFactorMethod,
  SignInState,
} from '../domain/login-transactions.js'

export type Step = SignInState['step']
export type Move =
  | 'choose'
  | 'holdLink'
  | 'answerLink'
  | 'firstFactor'
  | 'enrol'
  | 'secondFactor'
  | 'finish'
  | 'refuse'
  | 'cancel'

/** A move the sign-in does not allow from where it is: an expired page, a replay, a forgery. */
export class IllegalTransition extends BridgeError {
  readonly from: Step
  readonly move: Move
  constructor(from: Step, move: Move) {
    super('login_expired', {
      reason: 'illegal_transition',
      message: `sign-in cannot ${move} from ${from}`,
    })
    this.from = from
    this.move = move
  }
}

const LIVE: readonly Step[] = [
  'started',
  'choosing',
  'linking',
  'second-factor',
  'enrolling',
  'verified',
]
const isLive = (state: SignInState): state is LiveState => LIVE.includes(state.step)

/** A new sign-in, or a step-up: a live session lacking the second factor this app wants. */
export const begin = (stepUp?: FirstFactorDone): LiveState =>
  stepUp ? { step: 'second-factor', firstFactor: stepUp } : { step: 'started' }

/** Back to the login page after a refused first factor. */
export function choose(state: SignInState): LiveState {
  if (state.step !== 'started' && state.step !== 'choosing')
    throw new IllegalTransition(state.step, 'choose')
  return { step: 'choosing' }
}

/**
 * An upstream identity shares its email with existing users: the prompt asks whether to link it
 * (by signing in to one of them) or to continue as a separate account. Before any factor only.
 */
export function holdLink(state: SignInState): LiveState & { step: 'linking' } {
  if (state.step !== 'started' && state.step !== 'choosing')
    throw new IllegalTransition(state.step, 'holdLink')
  return { step: 'linking' }
}

/** The visitor answered the prompt: to the login page (to link), or on as a separate account. */
export function answerLink(state: SignInState): LiveState & { step: 'choosing' } {
  if (state.step !== 'linking') throw new IllegalTransition(state.step, 'answerLink')
  return { step: 'choosing' }
}

/** A first factor passed; `needsMore` is the MFA policy's verdict for this user and app. */
export function firstFactor(
  state: SignInState,
  factor: FirstFactorDone,
  needsMore: boolean,
): SignInState & { step: 'second-factor' | 'finished' } {
  // Only before any factor: a second first factor would swap the user under a pending MFA.
  if (state.step !== 'started' && state.step !== 'choosing')
    throw new IllegalTransition(state.step, 'firstFactor')
  return needsMore
    ? { step: 'second-factor', firstFactor: factor }
    : { step: 'finished', signIn: factor }
}

/** A TOTP secret offered for set-up; the same one is kept while the page is shown again. */
export function enrol(
  state: SignInState,
  enrolmentSealed: string,
): LiveState & { step: 'enrolling' } {
  if (state.step !== 'second-factor' && state.step !== 'enrolling')
    throw new IllegalTransition(state.step, 'enrol')
  return { step: 'enrolling', firstFactor: state.firstFactor, enrolmentSealed }
}

/** The second factor passed (a code, a recovery code, a passkey, or a factor just set up). */
export function secondFactor(
  state: SignInState,
  method: SecondFactorMethod,
): LiveState & { step: 'verified' } {
  if (state.step !== 'second-factor' && state.step !== 'enrolling')
    throw new IllegalTransition(state.step, 'secondFactor')
  return { step: 'verified', firstFactor: state.firstFactor, method }
}

/** The end of a sign-in with two factors: its amr says both. */
export function finish(state: SignInState): SignInState & { step: 'finished' } {
  if (state.step !== 'verified') throw new IllegalTransition(state.step, 'finish')
  const { firstFactor: done, method } = state
  return { step: 'finished', signIn: { ...done, amr: withSecondFactor(done.amr, method) } }
}

/** The IdP, or a check, refused: the sign-in ends without a session. */
export function refuse(state: SignInState, reason: string): SignInState & { step: 'failed' } {
  if (!isLive(state)) throw new IllegalTransition(state.step, 'refuse')
  return { step: 'failed', reason }
}

/** The user gave up: possible from any live state. */
export function cancel(state: SignInState): SignInState & { step: 'failed' } {
  if (!isLive(state)) throw new IllegalTransition(state.step, 'cancel')
  return { step: 'failed', reason: 'cancelled' }
}

/** The first factor behind a state that has one. */
export function pendingFactor(state: SignInState): FirstFactorDone | undefined {
  return state.step === 'second-factor' || state.step === 'enrolling' || state.step === 'verified'
    ? state.firstFactor
    : undefined
}
