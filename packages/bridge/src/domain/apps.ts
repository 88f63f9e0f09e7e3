/** Apps as stored: the sites that may ask the bridge for a token. */
import type { AsymmetricAlgorithm } from '../keys/keystore.js'
import type { Storage } from '../storage/types.js'
import type { AppIntegration } from './app-integration.js'
import type { OidcClientSettings } from './oidc-client.js'
import type { WebhookEndpoint } from './webhook-endpoints.js'

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

/** Languages the visitor pages speak; an app may name the one its visitors default to. */
export const brandLocales = ['en', 'de', 'fr', 'es', 'ja'] as const
export type BrandLocale = (typeof brandLocales)[number]

/** A logo uploaded to the bridge (`brand-logo` storage), served at /brand/logo/<id>.<hash>.<ext>. */
export interface UploadedLogo {
  id: string
  /** SHA-256 of the bytes, base64url, cut short: it names the URL, which is cached for a year. */
  hash: string
  contentType: 'image/png' | 'image/jpeg' | 'image/webp' | 'image/gif'
}

/**
 * How the app's sign-in pages look (docs/branding.md). Colours are lowercase `#rrggbb`, already
 * adjusted to pass WCAG AA contrast; URLs are https (http on loopback only).
 */
export interface AppBranding {
  /** Shown as text (never markup) and as the logo's alt text. */
  displayName?: string
  logoUrl?: string
  logoUploaded?: UploadedLogo
  primaryColor?: string
  backgroundColor?: string
  supportUrl?: string
  privacyUrl?: string
  termsUrl?: string
  defaultLocale?: BrandLocale
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
  branding?: AppBranding
  /** Where the app hears of its users' lifecycle events (lifecycle-events.ts). */
  webhooks?: WebhookEndpoint[]
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
