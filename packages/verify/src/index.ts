export type { SigningAlgorithm, VerifyOptions } from './verify-options.js'
export type { ReplayStore } from './replay-store.js'
export { MemoryReplayStore } from './memory-replay-store.js'
export type { SsoClaims } from './sso-claims.js'
export { VerifyError, type VerifyErrorCode } from './verify-error.js'
export { createVerifier, verifyToken } from './verifier.js'
export {
  createCallbackHandler,
  type CallbackInput,
  type CallbackResult,
} from './callback-handler.js'
export {
  createAccessTokenVerifier,
  verifyAccessToken,
  type AccessTokenClaims,
  type AccessTokenOptions,
} from './access-token.js'
export {
  BACKCHANNEL_LOGOUT_EVENT,
  createLogoutTokenVerifier,
  verifyLogoutToken,
  type LogoutClaims,
} from './logout-token.js'
export { logoutUrl, type LogoutUrlOptions } from './logout-url.js'
export {
  verifyWebhook,
  type WebhookEvent,
  type WebhookEventData,
  type WebhookEventType,
  type WebhookHeaders,
} from './webhook.js'
