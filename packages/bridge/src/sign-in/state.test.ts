/** Every state against every move, without HTTP: what is allowed leads where it should, the rest is refused. */
import { describe, expect, it } from 'vitest'
import { isBridgeError } from '../errors.js'
import {
  begin,
  cancel,
  answerLink,
  choose,
  enrol,
  holdLink,
  finish,
  firstFactor,
  IllegalTransition,
  pendingFactor,
  refuse,
  secondFactor,
  type Move,
  type SignInState,
  type Step,
} from './state.js'

const factor = { userId: 'u1', connection: 'staff', amr: ['pwd'] }
const states: Record<Step, SignInState> = {
  started: { step: 'started' },
  choosing: { step: 'choosing' },
  linking: { step: 'linking' },
  'second-factor': { step: 'second-factor', firstFactor: factor },
  enrolling: { step: 'enrolling', firstFactor: factor, enrolmentSealed: 'sealed-1' },
  verified: { step: 'verified', firstFactor: factor, method: 'hwk' },
  finished: { step: 'finished', signIn: factor },
  failed: { step: 'failed', reason: 'upstream_refused' },
}

/** Each move, applied to a state, as the flow applies it. */
const moves: Record<Move, (state: SignInState) => SignInState> = {
  choose: (s) => choose(s),
  holdLink: (s) => holdLink(s),
  answerLink: (s) => answerLink(s),
  firstFactor: (s) => firstFactor(s, factor, true),
  enrol: (s) => enrol(s, 'sealed-2'),
  secondFactor: (s) => secondFactor(s, 'otp'),
  finish: (s) => finish(s),
  refuse: (s) => refuse(s, 'upstream_refused'),
  cancel: (s) => cancel(s),
}

/** Where each allowed move leads; a move missing from a state's row is illegal there. */
const allowed: Record<Step, Partial<Record<Move, Step>>> = {
  started: {
    choose: 'choosing',
    holdLink: 'linking',
    firstFactor: 'second-factor',
    refuse: 'failed',
    cancel: 'failed',
  },
  choosing: {
    choose: 'choosing',
    holdLink: 'linking',
    firstFactor: 'second-factor',
    refuse: 'failed',
    cancel: 'failed',
  },
  linking: { answerLink: 'choosing', refuse: 'failed', cancel: 'failed' },
  'second-factor': {
    enrol: 'enrolling',
    secondFactor: 'verified',
    refuse: 'failed',
    cancel: 'failed',
  },
  enrolling: { enrol: 'enrolling', secondFactor: 'verified', refuse: 'failed', cancel: 'failed' },
  verified: { finish: 'finished', refuse: 'failed', cancel: 'failed' },
  finished: {},
  failed: {},
}

describe('the sign-in state machine', () => {
  for (const [from, state] of Object.entries(states) as [Step, SignInState][]) {
    for (const [move, apply] of Object.entries(moves) as [Move, typeof moves.choose][]) {
      const to = allowed[from][move]
      if (to) {
        it(`${from} --${move}--> ${to}`, () => {
          expect(apply(state).step).toBe(to)
        })
      } else {
        it(`${from} refuses ${move}`, () => {
          let thrown: unknown
          try {
            apply(state)
          } catch (error) {
            thrown = error
          }
          expect(thrown).toBeInstanceOf(IllegalTransition)
          expect(thrown).toMatchObject({
            from,
            move,
            code: 'login_expired',
            reason: 'illegal_transition',
          })
          // A BridgeError, so HTTP answers it as an expired sign-in, not a server error.
          expect(isBridgeError(thrown)).toBe(true)
        })
      }
    }
  }

  it('begins fresh, or at the second factor for a step-up', () => {
    expect(begin()).toEqual({ step: 'started' })
    expect(begin(factor)).toEqual({ step: 'second-factor', firstFactor: factor })
  })

  it('finishes at once after a first factor when policy wants nothing more', () => {
    expect(firstFactor({ step: 'started' }, factor, false)).toEqual({
      step: 'finished',
      signIn: factor,
    })
  })

  it('keeps the first factor through the second, and the amr says both', () => {
    const enrolling = enrol(states['second-factor'], 'sealed-3')
    expect(enrolling).toEqual({
      step: 'enrolling',
      firstFactor: factor,
      enrolmentSealed: 'sealed-3',
    })
    const verified = secondFactor(enrolling, 'swk')
    expect(pendingFactor(verified)).toEqual(factor)
    expect(finish(verified)).toEqual({
      step: 'finished',
      signIn: { ...factor, amr: ['pwd', 'swk', 'mfa'] },
    })
  })

  it('names the reason of a refusal, and a cancel as cancelled', () => {
    expect(refuse(states.choosing, 'upstream_login_required')).toEqual({
      step: 'failed',
      reason: 'upstream_login_required',
    })
    expect(cancel(states.verified)).toEqual({ step: 'failed', reason: 'cancelled' })
  })

  it('has a pending first factor only between the factors', () => {
    expect((Object.keys(states) as Step[]).filter((step) => pendingFactor(states[step]))).toEqual([
      'second-factor',
      'enrolling',
      'verified',
    ])
  })
})
