/**
 * How an app receives its token and what the token says: delivery mode and parameter names,
 * platform preset, claim mapping, pairwise subjects, back-channel logout. Part of the `App` record.
 */
import type { Json } from '../storage/types.js'

export type DeliveryMode = 'form_post' | 'query' | 'code'
export const presetNames = [
  'thinkific',
  'zendesk',
  'canny',
  'discourse',
  'bigcommerce',
  'shopify-multipass',
  'gitbook',
  'mintlify',
  'featurebase',
  'freshworks',
  'readme',
  'helpscout-docs',
] as const
export type PresetName = (typeof presetNames)[number]

/**
 * Settings of the platform behind a preset app that no claim carries: BigCommerce's store and
 * API account (its API token sealed at rest), Mintlify's session length.
 */
export interface PlatformSettings {
  /** BigCommerce: the API account's client ID, the token's `iss`. */
  clientId?: string
  /** BigCommerce: the store hash (the part after /stores/ in its API path). */
  storeHash?: string
  /** BigCommerce: the store's Customers API token (X-Auth-Token), sealed. */
  apiTokenSealed?: string
  /** BigCommerce: create the customer when no customer has the user's email. */
  createCustomers?: boolean
  /** BigCommerce: the API's origin, https://api.bigcommerce.com unless a test or proxy says so. */
  apiUrl?: string
  /** BigCommerce: the storefront channel the customer signs in to. */
  channelId?: number
  /** Mintlify: how long the docs session lasts (`expiresAt`), in seconds. */
  sessionTtl?: number
}

/** What a claim can be made of: the user's attributes and facts about the sign-in. */
export const claimSources = [
  'sub',
  'email',
  'email_verified',
  'name',
  'given_name',
  'family_name',
  'groups',
  'picture',
  /** The part of the email before the @: a handle for platforms that want one. */
  'username',
  'idp',
  'amr',
  'auth_time',
] as const
export type ClaimSource = (typeof claimSources)[number]

/** The first source the user has, a fixed value, or `null` to leave a base claim out. */
export type ClaimRule = { from: ClaimSource[] } | { value: Json } | null

export interface AppIntegration {
  delivery: DeliveryMode
  /** Name of the token parameter for `form_post` and `query` (default `token`, or `jwt` for query). */
  tokenParam?: string
  /** Name under which `return_to` travels, both ways (Canny says `redirect`). */
  returnToParam?: string
  /** Sent as `error_url` with a `query` delivery: where the platform sends the visitor on failure. */
  errorUrl?: string
  preset?: PresetName
  /** Help Scout signs with HS512 by default: the JWT algorithm over the shared secret. */
  tokenAlg?: 'HS256' | 'HS512'
  platform?: PlatformSettings
  /** Overrides of the base claims (the standard set, or the preset's), by claim name. */
  claims?: Record<string, ClaimRule>
  /** `pairwise`: a different, unlinkable `sub` per app. */
  subject?: 'public' | 'pairwise'
  /** Origins besides the callbacks' that `return_to` may name and `POST /token` accepts. */
  origins?: string[]
  /** Where OIDC Back-Channel Logout tokens are POSTed when the user signs out at the bridge. */
  backchannelLogoutUrl?: string
  /** backchannelLogoutUrl may be on loopback or a private network (net/address-policy). */
  dangerouslyAllowPrivateNetwork?: boolean
}

/** The parameter names a delivery uses, with their defaults filled in. */
export function deliveryParams(app: AppIntegration): { token: string; returnTo: string } {
  return {
    token: app.tokenParam ?? (app.delivery === 'query' ? 'jwt' : 'token'),
    returnTo: app.returnToParam ?? 'return_to',
  }
}

/** What delivering an error needs to know about the app. */
export interface ErrorDelivery {
  mode: DeliveryMode
  returnToParam?: string
  errorUrl?: string
  /**
   * The platform has no way to hear of an error (a token in a path, a fragment, a signed reply):
   * the bridge shows it on its own page instead of sending the visitor on with `error=`.
   */
  page?: boolean
}

export const errorDeliveryOf = (app: AppIntegration): ErrorDelivery => ({
  mode: app.delivery,
  returnToParam: app.returnToParam,
  errorUrl: app.errorUrl,
})
