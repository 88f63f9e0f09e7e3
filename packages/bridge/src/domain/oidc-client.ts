/**
 * An app that is also an OpenID Connect client of the bridge (`oidc:` in its config): how it
 * authenticates at the token endpoint, where it may go after logout, and its token lifetimes.
 */
import type { SecretBox } from '../keys/secret-box.js'

export type ClientAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'none'

export interface OidcClientSettings {
  /** `none`: a public client (a single-page or native app), which must use PKCE. */
  tokenEndpointAuthMethod: ClientAuthMethod
  /** Sealed with `oidcClientSecretContext(app id)`; absent for public clients. */
  clientSecretSealed?: string
  postLogoutRedirectUris: string[]
  /** Opt-in: refresh tokens, rotated on every use; a reused one revokes its whole grant. */
  refreshTokens: boolean
  /** Seconds; capped like every token the bridge signs (see keystore.ts). */
  accessTokenTtl: number
}

export const oidcClientSecretContext = (appId: string) => `oidc-client-secret:${appId}`

export const openClientSecret = (box: SecretBox, appId: string, settings: OidcClientSettings) =>
  settings.clientSecretSealed === undefined
    ? undefined
    : box.open(settings.clientSecretSealed, oidcClientSecretContext(appId))
