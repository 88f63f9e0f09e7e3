import { Hono } from 'hono'
import type { BridgeEnv, BridgeServices } from './env.js'

export function healthRoutes(services: BridgeServices) {
  return new Hono<BridgeEnv>().get('/healthz', async (c) => {
    try {
      await services.storage.ping()
      return c.json({ status: 'ok', storage: services.storage.kind })
    } catch (cause) {
      services.logger.error('storage unreachable', {
        requestId: c.get('requestId'),
        error: String(cause),
      })
      return c.json({ status: 'error', storage: services.storage.kind }, 503)
    }
  })
}
