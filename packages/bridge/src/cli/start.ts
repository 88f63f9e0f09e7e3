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
  const stop = () => void bridge.close().then(() => process.exit(0))
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}
