/** `ssobridge start`: options from flags or the environment, then serve until a signal. */
import { DEFAULT_SHUTDOWN_GRACE_MS, startBridge } from '../server.js'
import { waitForDbMs, wholeNumber } from './database-wait.js'
import type { Output } from './output.js'
import { InvalidOptionError } from './usage-error.js'

export interface StartValues {
  config?: string
  port?: string
  host?: string
  'shutdown-timeout'?: string
  'metrics-port'?: string
  'metrics-host'?: string
  'no-migrate'?: boolean
  'wait-for-db'?: string
}

const EXIT_ON_SIGNAL = { SIGINT: 130, SIGTERM: 143 } as const

export async function startCommand(
  values: StartValues,
  io: Output,
  env: Record<string, string | undefined> = process.env,
): Promise<void> {
  const settings = startSettings(values, env)
  const bridge = await startBridge({
    port: settings.port,
    hostname: settings.host,
    config: settings.config,
    env,
    metricsPort: settings.metricsPort,
    metricsHostname: settings.metricsHost,
    migrate: settings.migrate,
    waitForDbMs: settings.waitForDbMs,
  })
  for (const change of bridge.configChanges) io.out(change)
  io.out(`ssobridge listening on ${bridge.url} (issuer ${bridge.issuer})`)
  if (bridge.metricsUrl) io.out(`metrics on ${bridge.metricsUrl}`)
  if (bridge.setupUrl) {
    io.out(`No admin yet. Create the first one within an hour, once, at:\n  ${bridge.setupUrl}`)
    io.out('(or run: npx ssobridge admin create --email you@example.com)')
  }
  let stopping = false
  const stop = (signal: keyof typeof EXIT_ON_SIGNAL) => {
    if (stopping) {
      io.err(`ssobridge: ${signal} again, stopping now`)
      process.exit(EXIT_ON_SIGNAL[signal])
    }
    stopping = true
    io.err(`ssobridge: ${signal}, finishing requests in flight (up to ${settings.graceMs} ms)`)
    bridge.close({ graceMs: settings.graceMs }).then(
      () => process.exit(0),
      (error: unknown) => {
        io.err(`ssobridge: stopping failed: ${(error as Error).message}`)
        process.exit(1)
      },
    )
  }
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))
}

/** Flags win over the environment; every value is checked before anything starts. */
export function startSettings(values: StartValues, env: Record<string, string | undefined>) {
  const port = wholeNumber(
    values.port ?? env.PORT ?? '4000',
    values.port ? '--port' : 'PORT',
    65535,
  )
  const timeout = values['shutdown-timeout'] ?? env.SSOBRIDGE_SHUTDOWN_TIMEOUT
  const graceSeconds = timeout
    ? wholeNumber(
        timeout,
        values['shutdown-timeout'] ? '--shutdown-timeout' : 'SSOBRIDGE_SHUTDOWN_TIMEOUT',
        3600,
      )
    : DEFAULT_SHUTDOWN_GRACE_MS / 1000
  const host = values.host ?? (env.HOST || '127.0.0.1')
  if (!/^[A-Za-z0-9.:[\]-]{1,255}$/.test(host)) {
    throw new InvalidOptionError(`${values.host ? '--host' : 'HOST'} is not a host name or address`)
  }
  const config = values.config ?? (env.SSOBRIDGE_CONFIG || undefined)
  return {
    port,
    host,
    config,
    graceMs: graceSeconds * 1000,
    ...metricsSettings(values, env, port),
    ...databaseSettings(values, env),
  }
}

/** Rolling deploys run `ssobridge migrate` first and start the new instances with --no-migrate. */
function databaseSettings(values: StartValues, env: Record<string, string | undefined>) {
  const noMigrate = values['no-migrate'] ?? flag(env.SSOBRIDGE_NO_MIGRATE, 'SSOBRIDGE_NO_MIGRATE')
  return { migrate: !noMigrate, waitForDbMs: waitForDbMs(values, env) }
}

function flag(text: string | undefined, name: string): boolean {
  if (text === undefined || text === '') return false
  if (/^(1|true|yes)$/i.test(text)) return true
  if (/^(0|false|no)$/i.test(text)) return false
  throw new InvalidOptionError(`${name} must be 1 or 0 (got ${JSON.stringify(text.slice(0, 20))})`)
}

/** Off unless a port is given; never the public port, and on loopback unless told otherwise. */
function metricsSettings(
  values: StartValues,
  env: Record<string, string | undefined>,
  publicPort: number,
): { metricsPort?: number; metricsHost?: string } {
  const portName = values['metrics-port'] ? '--metrics-port' : 'SSOBRIDGE_METRICS_PORT'
  const portText = values['metrics-port'] ?? (env.SSOBRIDGE_METRICS_PORT || undefined)
  const hostName = values['metrics-host'] ? '--metrics-host' : 'SSOBRIDGE_METRICS_HOST'
  const hostText = values['metrics-host'] ?? (env.SSOBRIDGE_METRICS_HOST || undefined)
  if (portText === undefined) {
    if (hostText !== undefined)
      throw new InvalidOptionError(`${hostName} needs --metrics-port or SSOBRIDGE_METRICS_PORT`)
    return {}
  }
  const metricsPort = wholeNumber(portText, portName, 65535)
  if (metricsPort === publicPort && publicPort !== 0) {
    throw new InvalidOptionError(
      `${portName} must differ from the public port (${publicPort}): metrics are never served there`,
    )
  }
  const metricsHost = hostText ?? '127.0.0.1'
  if (!/^[A-Za-z0-9.:[\]-]{1,255}$/.test(metricsHost)) {
    throw new InvalidOptionError(`${hostName} is not a host name or address`)
  }
  return { metricsPort, metricsHost }
}
