/**
 * The services the bridge assembles once (bridge.ts) and hands to every route group: storage,
 * keys, minting, the upstream clients, the OpenID Provider, logging, metrics and the process's
 * state.
 */
import type { TrustedProxies } from './config/trusted-proxies.js'
import type { OidcRelyingParty } from './connections/oidc.js'
import type { SamlServiceProvider } from './connections/saml.js'
import type { LogoutTokenMinter } from './domain/backchannel-logout.js'
import type { BackchannelSender } from './domain/backchannel-sender.js'
import type { Minter } from './domain/mint-token.js'
import type { WebhookSender } from './domain/webhook-sender.js'
import type { SessionActivity } from './domain/session-activity.js'
import type { LoginThrottle } from './domain/throttle.js'
import type { EmailSender } from './email/email-sender.js'
import type { StringOverrides, Translations } from './i18n/translations.js'
import type { LiveTranslations } from './live-translations.js'
import type { EmailSettings, Mailer } from './email/types.js'
import type { EmbedAsset } from './embed-asset.js'
import type { Keystore } from './keys/keystore.js'
import type { SecretBox } from './keys/secret-box.js'
import type { StoreCustomers } from './domain/store-customers.js'
import type { Logger } from './logger.js'
import type { BridgeMetrics } from './metrics/bridge-metrics.js'
import type { OpenIdProvider } from './oidc-provider/openid-provider.js'
import type { ClientAddress } from './routes/client-address.js'
import type { Storage } from './storage/types.js'

export interface BridgeSettings {
  issuer: string
  sessionTtl: number
  /** Proxies whose X-Forwarded-For or Forwarded names the client (`trustProxy`); none by default. */
  trustedProxies?: TrustedProxies
  /** SMTP server, sender and template overrides; none: the bridge sends no email. */
  email?: EmailSettings
  /** The admin's wording of single strings of the visitor pages, per language (`strings:`). */
  strings?: StringOverrides
}

/** The process's own state, flipped by the server when it starts stopping. */
export interface Lifecycle {
  /** Stopping: refuse readiness so a load balancer takes this instance out. */
  draining: boolean
}

export interface BridgeServices {
  settings: BridgeSettings
  storage: Storage
  box: SecretBox
  keystore: Keystore
  mint: Minter
  /** BigCommerce apps: the store's customer id for the user (Customers API). */
  storeCustomers: StoreCustomers
  /** Logout tokens for apps with a back-channel logout URL, and their background delivery. */
  backchannel: { mint: LogoutTokenMinter; sender: BackchannelSender }
  /** The outbox worker that delivers the apps' webhook events (stops with storage). */
  webhooks: WebhookSender
  throttle: LoginThrottle
  /** When each reused session was last seen, written at most once per few minutes. */
  sessionActivity: SessionActivity
  /** Member emails: rendered, sealed and queued in the outbox; `configured` false without SMTP. */
  email: Mailer
  /** The outbox worker that sends them (stops with storage). */
  emailSender: EmailSender
  /**
   * The visitor pages' languages: the catalogs and the config's `strings:` (what the OpenID
   * Provider's pages are built with, once).
   */
  translations: Translations
  /** The same, with the overrides saved in the console on top: what each request's pages use. */
  liveTranslations: LiveTranslations
  oidc: OidcRelyingParty
  saml: SamlServiceProvider
  /** The bridge as an OpenID Provider for apps with `oidc` set (routes/openid-provider.ts). */
  openIdProvider: OpenIdProvider
  logger: Logger
  /**
   * Counters and histograms for Prometheus (metrics/); counts nothing unless the server has a
   * metrics listener. Whatever delivers back-channel logouts reports each outcome to
   * `metrics.backchannelDelivery`.
   */
  metrics: BridgeMetrics
  lifecycle: Lifecycle
  /** The visitor's address, as the throttles count it. */
  clientAddress: ClientAddress
  embed: EmbedAsset
}
