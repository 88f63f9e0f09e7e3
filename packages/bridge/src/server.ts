/** Starts a bridge process: master key, storage, config, HTTP server, housekeeping. */
import { serve } from '@hono/node-server'
import type { AddressInfo } from 'node:net'
import { resolve } from 'node:path'
import { applyConfig } from './config/apply-config.js'
import { loadConfigFile } from './config/load-config.js'
import type { BridgeConfig } from './config/schema.js'
import { createBridge } from './bridge.js'
import { loadEmbedAsset } from './embed-asset.js'
import { createSecretBox } from './keys/secret-box.js'
import { loadMasterKey } from './keys/master-key.js'
import { createLogger, type Logger } from './logger.js'
import { asymmetricAlgorithms, type AsymmetricAlgorithm } from './keys/keystore.js'
import { APPS, type App } from './domain/apps.js'
import { createStorage } from './storage/create-storage.js'
import { createSetupLink } from './admin/setup-link.js'

export interface StartBridgeOptions {
  port: number
  hostname?: string
  /** A config file path or an already-parsed config; applied to storage before serving. */
  config?: string | BridgeConfig
  /** Public URL when no config names one; defaults to http://localhost:<port>. */
  issuer?: string
  databaseUrl?: string
  dataDir?: string
  env?: Record<string, string | undefined>
  logger?: Logger
}

export interface RunningBridge {
  url: string
  issuer: string
  port: number
  configChanges: string[]
  /** The one-time link that creates the first admin, when there is none yet; a secret. */
  setupUrl?: string
  services: ReturnType<typeof createBridge>['services']
  close(): Promise<void>
}

const PURGE_EVERY_MS = 5 * 60_000

export async function startBridge(options: StartBridgeOptions): Promise<RunningBridge> {
  const env = options.env ?? process.env
  const logger = options.logger ?? createLogger((env.SSOBRIDGE_LOG_LEVEL as never) ?? 'info')
  const dataDir = resolve(options.dataDir ?? env.SSOBRIDGE_DATA_DIR ?? 'data')
  const config =
    typeof options.config === 'string' ? loadConfigFile(options.config, env) : options.config
  const master = loadMasterKey({ env, dataDir, production: env.NODE_ENV === 'production' })
  if (master.source !== 'env') {
    logger.warn(
      'SSOBRIDGE_SECRET_KEY is not set: using a development master key from the data folder',
      {
        file: master.file,
      },
    )
  }
  const storage = await createStorage({
    databaseUrl: options.databaseUrl ?? env.DATABASE_URL,
    dataDir,
  })
  const configChanges = config
    ? await applyConfig(storage, createSecretBox(master.key), config)
    : []

  const hostname = options.hostname ?? '127.0.0.1'
  // Listen first so that port 0 works: the default issuer needs the port actually bound.
  let fetch: (request: Request, env: unknown) => Response | Promise<Response> = () =>
    new Response('starting', { status: 503 })
  const server = serve({
    fetch: (request, env) => fetch(request, env),
    port: options.port,
    hostname,
  })
  await new Promise<void>((done, fail) => {
    server.once('listening', done)
    server.once('error', fail)
  })
  const port = (server.address() as AddressInfo).port
  const issuer =
    config?.issuer ?? options.issuer ?? env.SSOBRIDGE_ISSUER ?? `http://localhost:${port}`
  const { app, services } = createBridge({
    settings: { issuer, sessionTtl: config?.sessionTtl ?? 8 * 3600 },
    storage,
    masterKey: master.key,
    embed: loadEmbedAsset(),
    logger,
  })
  // Publish keys before the first token: a site that caches an empty JWKS would otherwise refuse
  // the first tokens until its cache expires.
  await ensureSigningKeys(services)
  fetch = app.fetch
  const purge = setInterval(() => {
    storage
      .purgeExpired()
      .catch((error: unknown) => logger.error('purge failed', { error: String(error) }))
  }, PURGE_EVERY_MS)
  purge.unref()
  logger.info('bridge listening', {
    url: `http://${hostname}:${port}`,
    issuer,
    storage: storage.kind,
  })
  logger.info('embed script for SRI', {
    src: issuer + services.embed.hashedPath,
    integrity: services.embed.integrity,
  })

  // Printed by `ssobridge start`, never logged: the token in it makes an admin.
  const setupUrl = await createSetupLink(storage, issuer)

  return {
    url: `http://${hostname}:${port}`,
    issuer,
    port,
    configChanges,
    setupUrl,
    services,
    async close() {
      clearInterval(purge)
      await new Promise<void>((done) => {
        server.close(() => done())
        if ('closeAllConnections' in server) server.closeAllConnections()
      })
      await storage.close()
    },
  }
}

async function ensureSigningKeys(services: RunningBridge['services']): Promise<void> {
  const apps = await services.storage.list<App>(APPS)
  const used = new Set<AsymmetricAlgorithm>(['ES256'])
  for (const { value } of apps) {
    if (value.signing.alg !== 'HS256') used.add(value.signing.alg)
  }
  for (const alg of asymmetricAlgorithms) if (used.has(alg)) await services.keystore.signingKey(alg)
}
