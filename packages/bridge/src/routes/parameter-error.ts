/** Refusals of one named parameter (query, form or admin API query), worded the same everywhere. */
import { BridgeError, type BridgeErrorReason } from '../errors.js'

/** Each has its words in the catalog (`error.parameter.<reason>`), naming the parameter. */
export type ParameterReason = Extract<
  BridgeErrorReason,
  | 'parameter_missing'
  | 'parameter_repeated'
  | 'parameter_too_long'
  | 'parameter_invalid'
  | 'nul_character'
>

/** A refused parameter, named in the description (cut short: the name is the sender's). */
export const parameterError = (
  reason: ParameterReason,
  name: string,
  options: { message?: string } = {},
) =>
  new BridgeError('invalid_request', {
    reason,
    message: options.message,
    say: { key: `error.parameter.${reason}`, vars: { name: name.slice(0, 64) } },
  })
