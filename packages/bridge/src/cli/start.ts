import { startBridge } from '../server.js'
import { UsageError, type Output } from './main.js'

export async function startCommand(
  values: { config?: string; port?: string; host?: string },
  io: Output,
): Promise<void> {
  const port = Number(values.port ?? process.env.PORT ?? 4000)
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError('--port must be 0-65535')
  const bridge = await startBridge({ port, hostname: values.host, config: values.config })
  for (const change of bridge.configChanges) io.out(change)
  io.out(`ssobridge listening on ${bridge.url} (issuer ${bridge.issuer})`)
  if (bridge.setupUrl) {
    io.out(`No admin yet. Create the first one within an hour, once, at:\n  ${bridge.setupUrl}`)
    io.out('(or run: npx ssobridge admin create --email you@example.com)')
  }
  const stop = () => void bridge.close().then(() => process.exit(0))
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}
