/** Assembles the bridge's services from storage and a master key: no I/O of its own. */
import { createBridgeApp } from './app.js'
import { createOidcRelyingParty } from './connections/oidc.js'
import { createSamlServiceProvider } from './connections/saml.js'
import { createLoginThrottle, defaultThrottle, type ThrottleOptions } from './domain/throttle.js'
import { createMinter } from './domain/mint-token.js'
import { createAppKeys } from './domain/app-keys.js'
import { createLogoutTokenMinter } from './domain/backchannel-logout.js'
import { createBackchannelSender, type BackchannelOptions } from './domain/backchannel-sender.js'
import { createPairwiseSubjects } from './domain/pairwise-subject.js'
import type { EmbedAsset } from './embed-asset.js'
import { createKeystore } from './keys/keystore.js'
import { createOpenIdProvider } from './oidc-provider/openid-provider.js'
import { createSecretBox } from './keys/secret-box.js'
import { silentLogger, type Logger } from './logger.js'
import { clientAddressReader } from './routes/client-address.js'
import type { BridgeServices, BridgeSettings } from './bridge-services.js'
import { NO_TRUSTED_PROXIES } from './config/trusted-proxies.js'
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
}

export function createBridge(options: CreateBridgeOptions) {
  const box = createSecretBox(options.masterKey)
  const keystore = createKeystore(options.storage, box)
  const logger = options.logger ?? silentLogger
  const appKeys = createAppKeys({ keystore, box })
  const pairwise = createPairwiseSubjects(options.storage, box)
  const services: BridgeServices = {
    settings: options.settings,
    storage: options.storage,
    box,
    keystore,
    mint: createMinter({ issuer: options.settings.issuer, keystore, box, appKeys, pairwise }),
    backchannel: {
      mint: createLogoutTokenMinter({ issuer: options.settings.issuer, appKeys, pairwise }),
      sender: createBackchannelSender({ ...options.backchannel, logger }),
    },
    throttle: createLoginThrottle(options.storage, options.throttle ?? defaultThrottle),
    oidc: createOidcRelyingParty({ box, logger }),
    saml: createSamlServiceProvider({
      storage: options.storage,
      box,
      logger,
      issuer: options.settings.issuer,
    }),
    openIdProvider: createOpenIdProvider({
      issuer: options.settings.issuer,
      storage: options.storage,
      box,
      keystore,
      pairwise,
      logger,
      sessionTtl: options.settings.sessionTtl,
    }),
    logger,
    lifecycle: { draining: false },
    clientAddress: clientAddressReader(options.settings.trustedProxies ?? NO_TRUSTED_PROXIES),
    embed: options.embed,
  }
  return { app: createBridgeApp(services), services }
}
