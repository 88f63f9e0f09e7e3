import { describe, expect, it } from 'vitest'
import { mfaStep, withSecondFactor } from './policy.js'

describe('MFA policy (connection × app × session)', () => {
  it.each([
    // connection, app requires, user has a factor, amr so far, step
    ['off', false, false, ['pwd'], 'none'],
    ['off', false, true, ['pwd'], 'none'],
    ['optional', false, false, ['pwd'], 'none'],
    ['optional', false, true, ['pwd'], 'challenge'],
    ['required', false, false, ['pwd'], 'enroll'],
    ['required', false, true, ['pwd'], 'challenge'],
    ['off', true, false, ['pwd'], 'enroll'],
    ['off', true, true, ['pwd'], 'challenge'],
    ['off', true, true, ['pwd', 'otp', 'mfa'], 'none'],
    ['required', true, false, ['mfa'], 'none'],
    ['off', true, false, [], 'enroll'],
    ['off', true, false, ['hwk'], 'none'],
    // A passwordless passkey with user verification is MFA under every policy.
    ['required', true, true, ['hwk', 'user', 'mfa'], 'none'],
    ['optional', false, true, ['swk', 'user', 'mfa'], 'none'],
  ] as const)(
    '%s connection, app requires %s, factor %s, amr %j → %s',
    (policy, app, factor, amr, step) => {
      expect(
        mfaStep({
          connectionPolicy: policy,
          appRequiresMfa: app,
          userHasFactor: factor,
          amr: [...amr],
        }),
      ).toBe(step)
    },
  )

  it('adds the method and mfa once', () => {
    expect(withSecondFactor(['pwd'], 'otp')).toEqual(['pwd', 'otp', 'mfa'])
    expect(withSecondFactor(['pwd', 'otp', 'mfa'], 'otp')).toEqual(['pwd', 'otp', 'mfa'])
    expect(withSecondFactor(['pwd'], 'hwk')).toEqual(['pwd', 'hwk', 'mfa'])
  })
})
