/**
 * The one error type of the bridge. `code` decides the response; `reason` names the refusal more
 * finely, for tests and the audit log, and is never sent; `message` is for logs only and must
 * never contain a token, code, cookie or secret. `description` is safe to show a user.
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
  // member journeys: an emailed link or code that is used, expired or not this one's; a sign-up
  // the connection does not take
  | 'link_expired'
  | 'signup_refused'
  // a platform (preset) sent a request the bridge refuses, or said it refused the sign-in
  | 'platform_refused'
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
  // the database is down or unreachable for now: retry later (503 with Retry-After)
  | 'temporarily_unavailable'

/**
 * Which refusal of its code this was (jose's `JWTClaimValidationFailed.reason` is the model):
 * stable names that tests and audit entries assert. Shown to no client: the code and the
 * description say all a client learns. One name per refusal, whichever route meets it.
 */
export type BridgeErrorReason =
  | 'unspecified'
  // no route for this method and path
  | 'route_unknown'
  // input read at the edge (query, form, JSON)
  | 'parameter_missing'
  | 'parameter_repeated'
  | 'parameter_too_long'
  | 'parameter_invalid'
  | 'nul_character'
  | 'not_a_form'
  | 'form_unreadable'
  | 'not_json'
  | 'json_malformed'
  | 'body_too_large'
  // forms and their CSRF protection
  | 'csrf_token_mismatch'
  | 'cross_origin_post'
  | 'session_ended'
  // PKCE on /authorize (a missing or malformed challenge is a parameter refusal)
  | 'pkce_method_unsupported'
  // the token endpoint
  | 'not_a_code_app'
  | 'origin_not_registered'
  | 'grant_type_unsupported'
  | 'code_unknown'
  | 'code_of_another_app'
  | 'redirect_uri_mismatch'
  | 'code_verifier_missing'
  | 'code_verifier_mismatch'
  | 'user_unavailable'
  // a sign-in and its steps
  | 'app_unknown'
  | 'app_deleted'
  | 'return_to_without_app'
  | 'transaction_unknown'
  | 'transaction_other_browser'
  | 'connection_unknown'
  | 'connection_not_enabled'
  | 'user_disabled'
  | 'password_refused'
  | 'passkey_refused'
  | 'second_factor_not_pending'
  | 'illegal_transition'
  | 'second_factor_refused'
  | 'second_factor_enrolled'
  | 'throttled'
  | 'upstream_state_unknown'
  | 'upstream_refused'
  | 'upstream_response_refused'
  | 'idp_initiated_without_target'
  | 'interaction_unknown'
  | 'session_changed'
  // platforms behind presets
  | 'platform_signature_invalid'
  | 'platform_request_invalid'
  | 'platform_said_error'
  | 'platform_customer_missing'
  | 'platform_api_failed'
  | 'platform_api_timeout'
  // the admin API and console
  | 'scope_missing'
  | 'recent_sign_in_needed'
  | 'record_missing'
  // email: a recipient or header value refused, or no SMTP server to send through
  | 'email_address_invalid'
  | 'header_line_break'
  | 'smtp_not_configured'
  // member journeys (sign-up, verification, reset, sign-in codes and magic links)
  | 'email_token_unknown'
  | 'email_token_other_purpose'
  | 'email_token_other_user'
  | 'email_code_unknown'
  | 'email_code_wrong'
  | 'email_code_attempts'
  | 'email_link_other_browser'
  | 'email_throttled'
  | 'email_not_verified'
  | 'signup_off'
  | 'signup_domain_refused'
  | 'passwordless_off'
  | 'password_rules'
  // what the bridge itself did not expect
  | 'unhandled'
  // storage could not be reached (connection refused, cut, timed out, server shutting down)
  | 'storage_unavailable'

/**
 * OAuth's names (RFC 6749, section 5.2) for the errors the token endpoint answers, and
 * `temporarily_unavailable` (section 4.1.2.1), which servers also answer there when a client
 * should retry.
 */
export type OAuthError =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unsupported_grant_type'
  | 'server_error'
  | 'temporarily_unavailable'

/** Every status a BridgeError can have: each one a status with a body, as Hono's types want. */
export type BridgeErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 429 | 500 | 502 | 503 | 504

/**
 * What each code means for a client, in one place: its status, the description a user meets
 * when the throw gives none, and the OAuth `error` the token endpoint answers (invalid_request
 * when none is named).
 */
const codes: Record<
  BridgeErrorCode,
  { status: BridgeErrorStatus; description: string; oauth?: OAuthError }
> = {
  invalid_request: {
    status: 400,
    description: 'The request is missing a parameter or has one that is not valid.',
  },
  unknown_app: {
    status: 400,
    description: 'This site is not registered with the sign-in service.',
  },
  invalid_redirect_uri: {
    status: 400,
    description: 'The callback address is not registered for this site.',
  },
  invalid_return_to: {
    status: 400,
    description: 'The return address does not belong to this site.',
  },
  login_expired: {
    status: 400,
    description:
      'This sign-in has expired or was already used. Go back to the site and sign in again.',
  },
  csrf_failed: {
    status: 403,
    description: 'The form could not be verified. Go back to the site and sign in again.',
  },
  payload_too_large: { status: 413, description: 'The request is too large.' },
  link_expired: {
    status: 400,
    description: 'This link or code has expired or was already used. Ask for a new one.',
  },
  signup_refused: {
    status: 403,
    description: 'New accounts cannot be created here with this email address.',
  },
  platform_refused: {
    status: 400,
    description: 'The site could not complete this sign-in. Go back to the site and try again.',
  },
  access_denied: { status: 403, description: 'Sign-in was cancelled.' },
  login_required: { status: 401, description: 'You are not signed in.' },
  upstream_response_invalid: {
    status: 400,
    description:
      'The answer from the identity provider could not be accepted. Go back to the site and sign in again.',
  },
  upstream_error: {
    status: 502,
    description:
      'The identity provider sent an answer that could not be trusted. Go back to the site and try again.',
  },
  upstream_unavailable: {
    status: 504,
    description: 'The identity provider did not answer in time. Try again in a moment.',
  },
  invalid_credentials: { status: 401, description: 'Wrong email or password.' },
  too_many_attempts: {
    status: 429,
    description: 'Too many failed attempts. Wait a few minutes and try again.',
  },
  invalid_grant: {
    status: 400,
    description: 'The code is invalid, expired, already used, or was issued to another client.',
    oauth: 'invalid_grant',
  },
  invalid_client: {
    status: 401,
    description: 'This site is not registered for code delivery.',
    oauth: 'invalid_client',
  },
  unsupported_grant_type: {
    status: 400,
    description: 'Only the authorization_code grant is supported.',
    oauth: 'unsupported_grant_type',
  },
  origin_not_allowed: {
    status: 403,
    description: 'This origin is not registered for this site.',
    oauth: 'invalid_client',
  },
  unauthorized: { status: 401, description: 'A valid admin API key or admin session is required.' },
  insufficient_scope: {
    status: 403,
    description: 'This API key does not have the scope this operation needs.',
  },
  reauthentication_required: {
    status: 403,
    description: 'This change needs a recent sign-in. Sign in again, then retry.',
  },
  conflict: { status: 409, description: 'This conflicts with the current state of the records.' },
  invalid_config: { status: 400, description: 'The configuration is not valid.' },
  not_found: { status: 404, description: 'There is nothing here.' },
  server_error: {
    status: 500,
    description: 'Something went wrong on our side. Try again in a moment.',
    oauth: 'server_error',
  },
  temporarily_unavailable: {
    status: 503,
    description: 'The sign-in service is briefly unavailable. Try again in a moment.',
    oauth: 'temporarily_unavailable',
  },
}

/**
 * Words a user meets for one refusal wherever it happens, said here once rather than at each
 * throw. A description given at the throw still wins; without either, the code's default.
 */
const reasonDescription: Partial<Record<BridgeErrorReason, string>> = {
  not_a_form: 'Expected a form submission.',
  connection_not_enabled: 'This sign-in method is not enabled for this site.',
  user_disabled: 'This account is disabled.',
  second_factor_enrolled: 'Two-step verification is already set up.',
  email_link_other_browser:
    'This link works only in the browser where you asked for it. Type the code from the email there instead.',
  signup_off: 'New accounts cannot be created here.',
  passwordless_off: 'Sign-in by email code is not enabled for this site.',
  password_rules: 'Choose a password of 8 to 256 characters.',
}

export interface BridgeErrorOptions {
  reason?: BridgeErrorReason
  message?: string
  description?: string
  cause?: unknown
}

export class BridgeError extends Error {
  override readonly name = 'BridgeError'
  readonly code: BridgeErrorCode
  readonly reason: BridgeErrorReason
  readonly status: BridgeErrorStatus
  readonly description: string

  constructor(code: BridgeErrorCode, options: BridgeErrorOptions = {}) {
    super(options.message ?? code, { cause: options.cause })
    this.code = code
    this.reason = options.reason ?? 'unspecified'
    this.status = codes[code].status
    this.description =
      options.description ?? reasonDescription[this.reason] ?? codes[code].description
  }
}

/** Every code, for tests that walk them all. */
export const bridgeErrorCodes = Object.keys(codes) as BridgeErrorCode[]

/** The OAuth `error` of a code, for answers in OAuth's JSON shape. */
export const oauthErrorOf = (code: BridgeErrorCode): OAuthError =>
  codes[code].oauth ?? 'invalid_request'

export const isBridgeError = (error: unknown): error is BridgeError => error instanceof BridgeError
