/**
 * Health for orchestrators: `/healthz/live` says the process answers (restart it when not),
 * `/healthz/ready` says it should get traffic (storage reachable, schema migrated, not stopping).
 * `/healthz` is the original combined check, kept as it was.
 */
import { Hono } from 'hono'
import type { BridgeEnv, BridgeServices } from './env.js'

export function healthRoutes(services: BridgeServices) {
  const { storage, logger, lifecycle } = services
  const unreachable = (requestId: string, cause: unknown) =>
    logger.error('storage unreachable', { requestId, error: String(cause) })

  return new Hono<BridgeEnv>()
    .get('/healthz', async (c) => {
      try {
        await storage.ping()
        return c.json({ status: 'ok', storage: storage.kind })
      } catch (cause) {
        unreachable(c.get('requestId'), cause)
        return c.json({ status: 'error', storage: storage.kind }, 503)
      }
    })
    .get('/healthz/live', (c) => c.json({ status: 'ok' }))
    .get('/healthz/ready', async (c) => {
      if (lifecycle.draining) {
        return c.json({ status: 'stopping', storage: storage.kind }, 503)
      }
      let pending: string[]
      try {
        pending = await storage.pendingMigrations()
      } catch (cause) {
        unreachable(c.get('requestId'), cause)
        return c.json({ status: 'error', storage: storage.kind, reason: 'unreachable' }, 503)
      }
      if (pending.length > 0) {
        return c.json({ status: 'error', storage: storage.kind, reason: 'not_migrated' }, 503)
      }
      return c.json({ status: 'ok', storage: storage.kind })
    })
}
