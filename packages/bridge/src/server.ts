/** Starts a bridge process: master key, storage, config, HTTP server, housekeeping. */
import { serve } from '@hono/node-server'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { applyConfig, configFileActor } from './config/apply-config.js'
import { brandingWarnings } from './domain/brand-palette.js'
import { legacyLinking } from './config/email-linking.js'
import { warnPrivateNetworkOptIns } from './config/private-network-opt-ins.js'
import { ConfigError, loadConfigFile } from './config/load-config.js'
import type { BridgeConfig } from './config/schema.js'
import { createBridge } from './bridge.js'
import { loadEmbedAsset } from './embed-asset.js'
import { createSecretBox } from './keys/secret-box.js'
import { loadMasterKey, masterKeyRequiredBecause } from './keys/master-key.js'
import { defaultDataDir } from './config/data-dir.js'
import {
  parseTrustProxy,
  type TrustedProxies,
  type TrustProxySetting,
} from './config/trusted-proxies.js'
import { logLevelSetting } from './log-level-setting.js'
import { createLogger, type Logger } from './logger.js'
import { asymmetricAlgorithms, type AsymmetricAlgorithm } from './keys/keystore.js'
import { APPS } from './domain/apps.js'
import { CONNECTIONS } from './domain/connections.js'
import { openBridgeStorage } from './database-startup.js'
import { createSetupLink } from './admin/setup-link.js'
import { drainUnreadBodies } from './request-drain.js'
import { createBridgeMetrics } from './metrics/bridge-metrics.js'
import { startMetricsServer, type MetricsServer } from './metrics/metrics-server.js'
import { emailSettingsFrom } from './email/environment.js'
import { smtpUrlForLogs } from './email/settings.js'

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
  /** Serve Prometheus metrics on this port (0: any free one), apart from `port`; off when unset. */
  metricsPort?: number
  /** Where the metrics listener binds; 127.0.0.1 by default, whatever `hostname` is. */
  metricsHostname?: string
  /** false: leave the schema alone (`ssobridge migrate` does it) and refuse one that is behind. */
  migrate?: boolean
  /** How long to keep retrying a Postgres that cannot be reached at start; 0 by default. */
  waitForDbMs?: number
}

/** How long requests in flight may take to finish once a stop begins, by default. */
export const DEFAULT_SHUTDOWN_GRACE_MS = 10_000

export interface RunningBridge {
  url: string
  issuer: string
  port: number
  configChanges: string[]
  /** The one-time link that creates the first admin, when there is none yet; a secret. */
  setupUrl?: string
  /** `http://host:port/metrics`, when a metrics port was given. */
  metricsUrl?: string
  services: ReturnType<typeof createBridge>['services']
  /**
   * Stops: readiness turns 503, no new connections, requests in flight finish within `graceMs`
   * (then their connections are cut), then storage closes. Default grace: none (tests).
   */
  close(options?: { graceMs?: number }): Promise<void>
}

const PURGE_EVERY_MS = 5 * 60_000

/** SSOBRIDGE_TRUST_PROXY (or its first name, SSOBRIDGE_TRUSTED_PROXIES) over the file's trustProxy. */
function trustProxyFrom(
  env: Record<string, string | undefined>,
  fromFile: TrustProxySetting | undefined,
): TrustedProxies {
  const name = ['SSOBRIDGE_TRUST_PROXY', 'SSOBRIDGE_TRUSTED_PROXIES'].find((n) => env[n])
  const parsed = parseTrustProxy(name ? env[name] : fromFile)
  if (parsed.trusted) return parsed.trusted
  const source = name ?? 'trustProxy'
  throw new ConfigError(source, parsed.problems, `${source}: ${parsed.problems.join('; ')}`)
}

export async function startBridge(options: StartBridgeOptions): Promise<RunningBridge> {
  // Metrics tell how the bridge is used; the public port must never carry them.
  if (options.metricsPort && options.metricsPort === options.port)
    throw new Error(`the metrics port must differ from the public port (${options.port})`)
  const env = options.env ?? process.env
  const logger = options.logger ?? createLogger(logLevelSetting(env.SSOBRIDGE_LOG_LEVEL))
  const configFile = typeof options.config === 'string' ? options.config : undefined
  const dataDir = options.dataDir ?? defaultDataDir(env, configFile)
  const config = configFile ? loadConfigFile(configFile, env) : (options.config as BridgeConfig)
  const trustedProxies = trustProxyFrom(env, config?.trustProxy)
  // Known before listening unless it defaults to http://localhost:<port>, which needs no key.
  const namedIssuer = config?.issuer ?? options.issuer ?? env.SSOBRIDGE_ISSUER
  const master = loadMasterKey({
    env,
    dataDir,
    requiredBecause: masterKeyRequiredBecause(env, namedIssuer),
  })
  if (master.source !== 'env') {
    logger.warn(
      'SSOBRIDGE_SECRET_KEY is not set: using a development master key from the data folder',
      {
        file: master.file,
      },
    )
  }
  const storage = await openBridgeStorage({
    databaseUrl: options.databaseUrl ?? env.DATABASE_URL,
    dataDir,
    migrate: options.migrate,
    waitForDbMs: options.waitForDbMs,
    logger,
  })
  const configChanges = config
    ? await applyConfig(
        storage,
        createSecretBox(master.key),
        config,
        Date.now(),
        configFileActor,
        logger,
      )
    : []
  const legacy = legacyLinking((await storage.list(CONNECTIONS)).map((r) => r.value))
  if (legacy.length > 0)
    logger.warn(
      'linkByVerifiedEmail: true (from an earlier version) links nothing now: name the connections each may link into',
      { connections: legacy.join(',') },
    )
  await warnPrivateNetworkOptIns(storage, logger)
  for (const app of config?.apps ?? [])
    for (const warning of brandingWarnings(app.branding)) logger.warn(warning, { app: app.id })

  const hostname = options.hostname ?? '127.0.0.1'
  // Listen first so that port 0 works: the default issuer needs the port actually bound.
  let fetch: (request: Request, env: unknown) => Response | Promise<Response> = () =>
    new Response('starting', { status: 503 })
  const server = serve({
    fetch: (request, env) => fetch(request, env),
    port: options.port,
    hostname,
    // Its cleanup gives up on a body after 500 ms and stalls on one the app began to read,
    // then resets the connection: drainUnreadBodies does it so that early answers arrive.
    autoCleanupIncoming: false,
  })
  drainUnreadBodies(server as Server)
  try {
    await new Promise<void>((done, fail) => {
      server.once('listening', done)
      server.once('error', fail)
    })
  } catch (error) {
    await storage.close()
    throw listenError(error as NodeJS.ErrnoException, hostname, options.port)
  }
  const port = (server.address() as AddressInfo).port
  const issuer = namedIssuer ?? `http://localhost:${port}`
  const metrics =
    options.metricsPort === undefined ? undefined : createBridgeMetrics({ processMetrics: true })
  let metricsServer: MetricsServer | undefined
  if (metrics && options.metricsPort !== undefined) {
    const metricsHostname = options.metricsHostname ?? '127.0.0.1'
    try {
      metricsServer = await startMetricsServer({
        port: options.metricsPort,
        hostname: metricsHostname,
        metrics,
      })
    } catch (error) {
      await drain(server as Server, 0)
      await storage.close()
      const cause = listenError(
        error as NodeJS.ErrnoException,
        metricsHostname,
        options.metricsPort,
      )
      throw new Error(`metrics listener: ${cause.message}`)
    }
  }
  const email = emailSettingsFrom(config?.smtp, env, issuer)
  const { app, services } = createBridge({
    settings: {
      issuer,
      sessionTtl: config?.sessionTtl ?? 8 * 3600,
      trustedProxies,
      email,
      strings: config?.strings,
    },
    storage,
    masterKey: master.key,
    embed: loadEmbedAsset(),
    logger,
    metrics,
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
    trustProxy: trustedProxies.entries,
    metrics: metricsServer?.url,
    smtp: email ? smtpUrlForLogs(email.url) : 'off',
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
    metricsUrl: metricsServer?.url,
    services,
    async close({ graceMs = 0 } = {}) {
      services.lifecycle.draining = true
      clearInterval(purge)
      await drain(server as Server, graceMs)
      // Scrapeable while draining: the last figures of a stopping instance are still read.
      await metricsServer?.close()
      await storage.close()
    },
  }
}

/**
 * Stops accepting connections and lets requests in flight finish: keep-alive connections are
 * closed as soon as they are idle, and whatever is still open after `graceMs` is cut.
 */
async function drain(server: Server, graceMs: number): Promise<void> {
  const closed = new Promise<void>((done) => server.close(() => done()))
  const idle = setInterval(() => server.closeIdleConnections(), 50)
  const cut = setTimeout(() => server.closeAllConnections(), graceMs)
  server.closeIdleConnections()
  if (graceMs === 0) server.closeAllConnections()
  try {
    await closed
  } finally {
    clearInterval(idle)
    clearTimeout(cut)
  }
}

function listenError(error: NodeJS.ErrnoException, hostname: string, port: number): Error {
  const where = `${hostname}:${port}`
  if (error.code === 'EADDRINUSE') return new Error(`port ${port} on ${hostname} is already in use`)
  if (error.code === 'EACCES') return new Error(`not allowed to listen on ${where} (EACCES)`)
  if (error.code === 'EADDRNOTAVAIL')
    return new Error(`${hostname} is not an address of this machine`)
  return new Error(`cannot listen on ${where} (${error.code ?? error.message})`)
}

async function ensureSigningKeys(services: RunningBridge['services']): Promise<void> {
  const apps = await services.storage.list(APPS)
  const used = new Set<AsymmetricAlgorithm>(['ES256'])
  for (const { value } of apps) {
    if (value.signing.alg !== 'HS256') used.add(value.signing.alg)
  }
  for (const alg of asymmetricAlgorithms) if (used.has(alg)) await services.keystore.signingKey(alg)
}
