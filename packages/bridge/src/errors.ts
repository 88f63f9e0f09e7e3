/**
 * The one error type of the bridge. `code` decides the response; `message` is for logs only and
 * must never contain a token, code, cookie or secret. `description` is safe to show a user.
 */
export type BridgeErrorCode =
  // problems with the app's request itself: shown on the bridge, never redirected
  | 'invalid_request'
  | 'unknown_app'
  | 'invalid_redirect_uri'
  | 'invalid_return_to'
  | 'login_expired'
  | 'csrf_failed'
  | 'payload_too_large'
  // problems a site learns about through its callback
  | 'access_denied'
  | 'login_required'
  // what the browser brought back from the IdP (a SAML Response posted to the ACS, an OIDC
  // callback's code or iss) was refused: the client's input, so a 4xx
  | 'upstream_response_invalid'
  // the bridge's own server-to-server requests to the IdP failed or got an answer it refuses
  | 'upstream_error'
  | 'upstream_unavailable'
  // sign-in problems shown on the login form
  | 'invalid_credentials'
  | 'too_many_attempts'
  // the token endpoint (code delivery), answered as OAuth JSON
  | 'invalid_grant'
  | 'invalid_client'
  | 'unsupported_grant_type'
  | 'origin_not_allowed'
  // the admin API and console
  | 'unauthorized'
  | 'insufficient_scope'
  | 'reauthentication_required'
  | 'conflict'
  // configuration and internals
  | 'invalid_config'
  | 'not_found'
  | 'server_error'

const status: Record<BridgeErrorCode, number> = {
  invalid_request: 400,
  unknown_app: 400,
  invalid_redirect_uri: 400,
  invalid_return_to: 400,
  login_expired: 400,
  csrf_failed: 403,
  payload_too_large: 413,
  access_denied: 403,
  login_required: 401,
  upstream_response_invalid: 400,
  upstream_error: 502,
  upstream_unavailable: 504,
  invalid_credentials: 401,
  too_many_attempts: 429,
  invalid_grant: 400,
  invalid_client: 401,
  unsupported_grant_type: 400,
  origin_not_allowed: 403,
  unauthorized: 401,
  insufficient_scope: 403,
  reauthentication_required: 403,
  conflict: 409,
  invalid_config: 400,
  not_found: 404,
  server_error: 500,
}

const defaultDescription: Record<BridgeErrorCode, string> = {
  invalid_request: 'The request is missing a parameter or has one that is not valid.',
  unknown_app: 'This site is not registered with the sign-in service.',
  invalid_redirect_uri: 'The callback address is not registered for this site.',
  invalid_return_to: 'The return address does not belong to this site.',
  login_expired:
    'This sign-in has expired or was already used. Go back to the site and sign in again.',
  csrf_failed: 'The form could not be verified. Go back to the site and sign in again.',
  payload_too_large: 'The request is too large.',
  access_denied: 'Sign-in was cancelled.',
  login_required: 'You are not signed in.',
  upstream_response_invalid:
    'The answer from the identity provider could not be accepted. Go back to the site and sign in again.',
  upstream_error:
    'The identity provider sent an answer that could not be trusted. Go back to the site and try again.',
  upstream_unavailable: 'The identity provider did not answer in time. Try again in a moment.',
  invalid_credentials: 'Wrong email or password.',
  too_many_attempts: 'Too many failed attempts. Wait a few minutes and try again.',
  invalid_grant: 'The code is invalid, expired, already used, or was issued to another client.',
  invalid_client: 'This site is not registered for code delivery.',
  unsupported_grant_type: 'Only the authorization_code grant is supported.',
  origin_not_allowed: 'This origin is not registered for this site.',
  unauthorized: 'A valid admin API key or admin session is required.',
  insufficient_scope: 'This API key does not have the scope this operation needs.',
  reauthentication_required: 'This change needs a recent sign-in. Sign in again, then retry.',
  conflict: 'This conflicts with the current state of the records.',
  invalid_config: 'The configuration is not valid.',
  not_found: 'There is nothing here.',
  server_error: 'Something went wrong on our side. Try again in a moment.',
}

export class BridgeError extends Error {
  override readonly name = 'BridgeError'
  readonly code: BridgeErrorCode
  readonly status: number
  readonly description: string

  constructor(
    code: BridgeErrorCode,
    options: { message?: string; description?: string; cause?: unknown } = {},
  ) {
    super(options.message ?? code, { cause: options.cause })
    this.code = code
    this.status = status[code]
    this.description = options.description ?? defaultDescription[code]
  }
}

export const isBridgeError = (error: unknown): error is BridgeError => error instanceof BridgeError
