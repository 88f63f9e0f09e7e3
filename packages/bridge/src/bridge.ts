/** Assembles the bridge's services from storage and a master key: no I/O of its own. */
import { createBridgeApp } from './app.js'
import { createOidcRelyingParty } from './connections/oidc.js'
import { createSamlServiceProvider } from './connections/saml.js'
import { createLoginThrottle, defaultThrottle, type ThrottleOptions } from './domain/throttle.js'
import { createMinter } from './domain/mint-token.js'
import { createStoreCustomers } from './domain/store-customers.js'
import { outbound } from './net/outbound.js'
import { createAppKeys } from './domain/app-keys.js'
import { createLogoutTokenMinter } from './domain/backchannel-logout.js'
import { createBackchannelSender, type BackchannelOptions } from './domain/backchannel-sender.js'
import { createPairwiseSubjects } from './domain/pairwise-subject.js'
import { createEmailSender, type EmailSenderOptions } from './email/email-sender.js'
import { createWebhookSender, type WebhookSenderOptions } from './domain/webhook-sender.js'
import { createMailer } from './email/mailer.js'
import { createTranslations } from './i18n/translations.js'
import { createLiveTranslations } from './live-translations.js'
import type { EmbedAsset } from './embed-asset.js'
import { createKeystore } from './keys/keystore.js'
import { createOpenIdProvider } from './oidc-provider/openid-provider.js'
import { createSecretBox } from './keys/secret-box.js'
import { silentLogger, type Logger } from './logger.js'
import { noMetrics, type BridgeMetrics } from './metrics/bridge-metrics.js'
import { timedStorage } from './metrics/timed-storage.js'
import { clientAddressReader } from './routes/client-address.js'
import type { BridgeServices, BridgeSettings } from './bridge-services.js'
import { NO_TRUSTED_PROXIES } from './config/trusted-proxies.js'
import { readCache } from './storage/read-cache.js'
import { READ_MOSTLY_NAMESPACES } from './storage/read-mostly.js'
import { createSessionActivity } from './domain/session-activity.js'
import type { Storage } from './storage/types.js'

export interface CreateBridgeOptions {
  settings: BridgeSettings
  storage: Storage
  masterKey: Uint8Array
  embed: EmbedAsset
  logger?: Logger
  throttle?: ThrottleOptions
  /** Timeout, retries and fetch of back-channel logout deliveries (tests shorten them). */
  backchannel?: Omit<BackchannelOptions, 'logger'>
  /** Timeout, retries and fetch of webhook deliveries (tests shorten them). */
  webhooks?: Omit<WebhookSenderOptions, 'logger' | 'deps'>
  /** Timeouts, retries and polling of the email sender (tests shorten them). */
  email?: Omit<EmailSenderOptions, 'settings' | 'storage' | 'box' | 'logger'>
  /** What to count for the metrics listener (metrics/); nothing when unset. */
  metrics?: BridgeMetrics
}

export function createBridge(options: CreateBridgeOptions) {
  const metrics = options.metrics ?? noMetrics
  // Everything the bridge builds reads and writes through the cache of read-mostly records, in
  // front of the timed storage, so that what is counted is every round trip a request makes
  // to the database, and a record served from memory is none.
  const timed = options.metrics ? timedStorage(options.storage, metrics) : options.storage
  const storage = readCache(timed, READ_MOSTLY_NAMESPACES)
  const box = createSecretBox(options.masterKey)
  const keystore = createKeystore(storage, box)
  const logger = options.logger ?? silentLogger
  const appKeys = createAppKeys({ keystore, box })
  const pairwise = createPairwiseSubjects(storage, box)
  // Its outbox worker starts here too: what a stopped process left unsent goes out now.
  const emailSender = createEmailSender({
    ...options.email,
    settings: options.settings.email,
    storage,
    box,
    logger,
    onOutcome: (outcome, template) => metrics.emailAttempt(template, outcome),
  })
  const email = createMailer({
    settings: options.settings.email,
    storage,
    box,
    windowMs: emailSender.windowMs,
    wake: () => emailSender.wake(),
  })
  const translations = createTranslations(options.settings.strings)
  const services: BridgeServices = {
    settings: options.settings,
    storage,
    box,
    keystore,
    mint: createMinter({
      issuer: options.settings.issuer,
      keystore,
      box,
      appKeys,
      pairwise,
      onMinted: (alg) => metrics.tokenMinted(alg),
    }),
    storeCustomers: createStoreCustomers({ box, outbound }),
    backchannel: {
      mint: createLogoutTokenMinter({ issuer: options.settings.issuer, appKeys, pairwise }),
      sender: createBackchannelSender({
        ...options.backchannel,
        logger,
        onOutcome: (outcome) => metrics.backchannelDelivery(outcome),
        // Its outbox worker starts here: what a stopped process left undelivered goes out now.
        storage,
        mint: createLogoutTokenMinter({ issuer: options.settings.issuer, appKeys, pairwise }),
      }),
    },
    // Its outbox worker starts here too: events a stopped process left unsent go out now.
    webhooks: createWebhookSender({
      ...options.webhooks,
      logger,
      deps: { storage, box, pairwise },
    }),
    throttle: createLoginThrottle(storage, options.throttle ?? defaultThrottle),
    sessionActivity: createSessionActivity(storage),
    email,
    emailSender,
    translations,
    liveTranslations: createLiveTranslations(storage, options.settings.strings, translations),
    oidc: createOidcRelyingParty({ box, logger }),
    saml: createSamlServiceProvider({
      storage,
      box,
      logger,
      issuer: options.settings.issuer,
    }),
    openIdProvider: createOpenIdProvider({
      issuer: options.settings.issuer,
      storage,
      box,
      keystore,
      pairwise,
      logger,
      sessionTtl: options.settings.sessionTtl,
      onMinted: (alg) => metrics.tokenMinted(alg),
      translations,
    }),
    logger,
    metrics,
    lifecycle: { draining: false },
    clientAddress: clientAddressReader(options.settings.trustedProxies ?? NO_TRUSTED_PROXIES),
    embed: options.embed,
  }
  metrics.observeOutboxDepth(() => services.backchannel.sender.depth())
  return { app: createBridgeApp(services), services }
}
