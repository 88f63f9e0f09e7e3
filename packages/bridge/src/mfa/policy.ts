/** Who must show a second factor: the connection's policy, the app's demand, what already happened. */
export type MfaPolicy = 'off' | 'optional' | 'required'

export type MfaStep = 'none' | 'challenge' | 'enroll'

/** amr values that count as a second factor already done (by us or by the upstream IdP). */
const SECOND_FACTORS = ['mfa', 'otp', 'hwk', 'swk']

export const hasSecondFactor = (amr: string[]) => amr.some((m) => SECOND_FACTORS.includes(m))

export function mfaStep(input: {
  connectionPolicy: MfaPolicy
  appRequiresMfa: boolean
  userHasFactor: boolean
  amr: string[]
}): MfaStep {
  if (hasSecondFactor(input.amr)) return 'none'
  const required = input.appRequiresMfa || input.connectionPolicy === 'required'
  if (required) return input.userHasFactor ? 'challenge' : 'enroll'
  // Optional: those who enrolled are asked; nobody is forced to enrol.
  if (input.connectionPolicy === 'optional' && input.userHasFactor) return 'challenge'
  return 'none'
}

/** The amr after a second factor: the first factor's, the method, and `mfa`. */
export const withSecondFactor = (amr: string[], method: 'otp' | 'hwk' | 'swk') => [
  ...new Set([...amr, method, 'mfa']),
]
