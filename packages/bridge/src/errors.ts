/**
 * The one error type of the bridge. `code` decides the response; `reason` names the refusal more
 * finely, for tests and the audit log, and is never sent; `message` is for logs only and must
 * never contain a token, code, cookie or secret. `description` is safe to show a user.
 */
import { en } from './i18n/catalogs/en.js'
import { englishOf } from './i18n/english.js'
import type { MessageKey, MessageVars } from './i18n/messages.js'
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
  // a session named by its sid that is not one of the user's (unknown, ended, another user's)
  | 'session_unknown'
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
  // account linking: the held identity, and the account page's list of identities
  | 'account_link_expired'
  | 'account_link_other_user'
  | 'account_link_taken'
  | 'identity_unknown'
  | 'identity_primary'
  | 'identity_last'
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
const codes: Record<BridgeErrorCode, { status: BridgeErrorStatus; oauth?: OAuthError }> = {
  invalid_request: { status: 400 },
  unknown_app: { status: 400 },
  invalid_redirect_uri: { status: 400 },
  invalid_return_to: { status: 400 },
  login_expired: { status: 400 },
  csrf_failed: { status: 403 },
  payload_too_large: { status: 413 },
  link_expired: { status: 400 },
  signup_refused: { status: 403 },
  platform_refused: { status: 400 },
  access_denied: { status: 403 },
  login_required: { status: 401 },
  upstream_response_invalid: { status: 400 },
  upstream_error: { status: 502 },
  upstream_unavailable: { status: 504 },
  invalid_credentials: { status: 401 },
  too_many_attempts: { status: 429 },
  invalid_grant: {
    status: 400,
    oauth: 'invalid_grant',
  },
  invalid_client: {
    status: 401,
    oauth: 'invalid_client',
  },
  unsupported_grant_type: {
    status: 400,
    oauth: 'unsupported_grant_type',
  },
  origin_not_allowed: {
    status: 403,
    oauth: 'invalid_client',
  },
  unauthorized: { status: 401 },
  insufficient_scope: { status: 403 },
  reauthentication_required: { status: 403 },
  conflict: { status: 409 },
  invalid_config: { status: 400 },
  not_found: { status: 404 },
  server_error: {
    status: 500,
    oauth: 'server_error',
  },
  temporarily_unavailable: {
    status: 503,
    oauth: 'temporarily_unavailable',
  },
}

/**
 * Words a user meets for one refusal wherever it happens, said once in the catalog rather than
 * at each throw. A description or `say` given at the throw wins; without either, the code's.
 */
const reasonDescription: Partial<Record<string, string>> = en.error.reason

/** A catalog message for a refusal whose words depend on the throw (a name, a list). */
export interface Say {
  key: MessageKey
  vars?: MessageVars
}

export interface BridgeErrorOptions {
  reason?: BridgeErrorReason
  message?: string
  description?: string
  /** The visitor's words, from the catalog in their language; `description` is then its English. */
  say?: Say
  cause?: unknown
}

export class BridgeError extends Error {
  override readonly name = 'BridgeError'
  readonly code: BridgeErrorCode
  readonly reason: BridgeErrorReason
  readonly status: BridgeErrorStatus
  readonly description: string
  readonly say?: Say
  /** Words given at the throw, in English only: pages show them until they have a catalog key. */
  readonly givenDescription?: string

  constructor(code: BridgeErrorCode, options: BridgeErrorOptions = {}) {
    super(options.message ?? code, { cause: options.cause })
    this.code = code
    this.reason = options.reason ?? 'unspecified'
    this.status = codes[code].status
    this.say = options.say
    this.givenDescription = options.description
    this.description =
      options.description ??
      (options.say ? englishOf(options.say.key, options.say.vars) : undefined) ??
      reasonDescription[this.reason] ??
      en.error.code[code]
  }
}

/** Every code, for tests that walk them all. */
export const bridgeErrorCodes = Object.keys(codes) as BridgeErrorCode[]

/** The OAuth `error` of a code, for answers in OAuth's JSON shape. */
export const oauthErrorOf = (code: BridgeErrorCode): OAuthError =>
  codes[code].oauth ?? 'invalid_request'

export const isBridgeError = (error: unknown): error is BridgeError => error instanceof BridgeError
