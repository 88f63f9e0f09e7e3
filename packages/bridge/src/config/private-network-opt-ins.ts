/** Start-up warning: which connections and apps may make the bridge call private networks. */
import { APPS, type App } from '../domain/apps.js'
import { CONNECTIONS, type Connection } from '../domain/connections.js'
import type { Logger } from '../logger.js'
import type { Storage } from '../storage/types.js'

export async function warnPrivateNetworkOptIns(storage: Storage, logger: Logger): Promise<void> {
  const on = (record: { dangerouslyAllowPrivateNetwork?: boolean }) =>
    record.dangerouslyAllowPrivateNetwork === true
  const connections = (await storage.list<Connection>(CONNECTIONS))
    .filter((r) => r.value.type !== 'local' && on(r.value))
    .map((r) => r.key)
  const apps = (await storage.list<App>(APPS)).filter((r) => on(r.value)).map((r) => r.key)
  if (connections.length === 0 && apps.length === 0) return
  logger.warn(
    'dangerouslyAllowPrivateNetwork is on: requests for these may reach loopback and private networks',
    { connections: connections.join(','), apps: apps.join(',') },
  )
}
