// The one error type of this package: a stable `code` to branch on, a message that is safe to show.

export type VerifyErrorCode =
  | 'invalid_options'
  | 'token_missing'
  | 'token_malformed'
  | 'alg_not_allowed'
  | 'signature_invalid'
  | 'token_expired'
  | 'claim_invalid'
  | 'nonce_mismatch'
  | 'token_replayed'
  | 'state_missing'
  | 'state_mismatch'
  | 'bridge_error'
  | 'jwks_unavailable'
  | 'webhook_malformed'
  | 'webhook_timestamp_out_of_range'
  | 'webhook_signature_invalid'

const defaultMessages: Record<VerifyErrorCode, string> = {
  invalid_options: 'The sign-in verifier is misconfigured.',
  token_missing: 'The sign-in response carries no token.',
  token_malformed: 'The sign-in token is malformed.',
  alg_not_allowed: 'The sign-in token uses an algorithm that is not allowed.',
  signature_invalid: 'The sign-in token signature is invalid.',
  token_expired: 'The sign-in token has expired.',
  claim_invalid: 'A claim of the sign-in token is missing or invalid.',
  nonce_mismatch: 'The sign-in token was issued for another sign-in attempt.',
  token_replayed: 'The sign-in token has already been used.',
  state_missing: 'The sign-in attempt is unknown to this browser; please sign in again.',
  state_mismatch: 'The sign-in response does not belong to this browser; please sign in again.',
  bridge_error: 'The sign-in was not completed.',
  jwks_unavailable: 'The signing keys of the sign-in service could not be fetched.',
  webhook_malformed: 'The webhook request lacks its headers or its body is not an event.',
  webhook_timestamp_out_of_range: 'The webhook was signed too long ago or in the future.',
  webhook_signature_invalid: 'The webhook signature is invalid.',
}

export interface VerifyErrorDetails {
  /** The claim or header parameter at fault, for `claim_invalid` and `token_expired`. */
  claim?: string
  /** The bridge's `error` code, for `bridge_error`. */
  error?: string
  /** The bridge's `error_description`, for `bridge_error`: text from the network, escape it before showing it. */
  errorDescription?: string
  /**
   * For `bridge_error`: the page the sign-in started from (same origin as the callback, else its
   * root), so a quiet failure (`login_required` of a silent sign-in) can go back there.
   */
  returnTo?: string
  /** Log-only detail; never the token, the state or a secret. */
  cause?: unknown
}

/**
 * Every failure of this package. Branch on `code`; `message` is a fixed sentence that never
 * contains the token, the state or a secret, so it may be shown to the visitor.
 */
export class VerifyError extends Error {
  readonly code: VerifyErrorCode
  readonly claim?: string
  readonly error?: string
  readonly errorDescription?: string
  readonly returnTo?: string

  constructor(code: VerifyErrorCode, message?: string, details: VerifyErrorDetails = {}) {
    super(
      message ?? defaultMessages[code],
      details.cause === undefined ? undefined : { cause: details.cause },
    )
    this.name = 'VerifyError'
    this.code = code
    if (details.claim !== undefined) this.claim = details.claim
    if (details.error !== undefined) this.error = details.error
    if (details.errorDescription !== undefined) this.errorDescription = details.errorDescription
    if (details.returnTo !== undefined) this.returnTo = details.returnTo
  }
}
