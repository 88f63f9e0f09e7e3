/** Refusals of one named parameter (query, form or admin API query), worded the same everywhere. */
import { BridgeError, type BridgeErrorReason } from '../errors.js'

const said = {
  parameter_missing: 'is missing',
  parameter_repeated: 'is repeated',
  parameter_too_long: 'is too long',
  parameter_invalid: 'is not valid',
  nul_character: 'is not valid',
} as const satisfies Partial<Record<BridgeErrorReason, string>>

export type ParameterReason = keyof typeof said

/** A refused parameter, named in the description (cut short: the name is the sender's). */
export const parameterError = (
  reason: ParameterReason,
  name: string,
  options: { message?: string } = {},
) =>
  new BridgeError('invalid_request', {
    reason,
    message: options.message,
    description: `The parameter "${name.slice(0, 64)}" ${said[reason]}.`,
  })
