/** Apps as stored: the sites that may ask the bridge for a token. */
import type { AsymmetricAlgorithm } from '../keys/keystore.js'
import type { Storage } from '../storage/types.js'
import type { AppIntegration } from './app-integration.js'
import type { OidcClientSettings } from './oidc-client.js'

export type AppSigning =
  | {
      alg: 'HS256'
      secretSealed: string
      /** The secret before the last rotation, which sites may still accept until `graceUntil`. */
      previousSecretSealed?: string
      graceUntil?: number
    }
  | {
      alg: AsymmetricAlgorithm
      /**
       * A private key the platform issued (Mintlify's EdDSA key), sealed; without it the app's
       * tokens are signed with the bridge's own key for `alg`.
       */
      privateKeySealed?: string
    }

export interface App extends AppIntegration {
  id: string
  name: string
  callbackUrls: string[]
  connections: string[]
  signing: AppSigning
  tokenTtl: number
  requireMfa?: boolean
  /** Set when the app is also an OpenID Connect client of the bridge. */
  oidc?: OidcClientSettings
  updatedAt: number
}

export const APPS = 'app'

declare module '../storage/types.js' {
  interface StorageRecords {
    [APPS]: App
  }
}

export const getApp = (storage: Storage, id: string) => storage.get(APPS, id)

export const appSecretContext = (appId: string) => `app-secret:${appId}`
export const appPrivateKeyContext = (appId: string) => `app-private-key:${appId}`
export const appApiTokenContext = (appId: string) => `app-platform-api-token:${appId}`

/** Origins a `return_to` may point at: those of the app's callbacks, and any it lists. */
export function appOrigins(app: App): Set<string> {
  return new Set([...app.callbackUrls.map((url) => new URL(url).origin), ...(app.origins ?? [])])
}
