/** Bearer API keys for /admin/api, and the scope each route needs. */
import type { MiddlewareHandler } from 'hono'
import {
  authenticateApiKey,
  hasScope,
  type ApiKeyRecord,
  type ApiScope,
} from '../../admin/api-keys.js'
import { BridgeError } from '../../errors.js'
import type { Storage } from '../../storage/types.js'
import type { BridgeEnv } from '../env.js'

export type AdminApiEnv = {
  Variables: BridgeEnv['Variables'] & { apiKey: ApiKeyRecord }
}

export function apiKeyAuth(storage: Storage): MiddlewareHandler<AdminApiEnv> {
  return async function apiKeyAuthMiddleware(c, next) {
    const header = c.req.header('Authorization') ?? ''
    const bearer = /^Bearer +(\S+)$/i.exec(header)?.[1]
    try {
      c.set('apiKey', await authenticateApiKey(storage, bearer))
    } catch (error) {
      c.header('WWW-Authenticate', 'Bearer realm="ssobridge-admin"')
      throw error
    }
    await next()
  }
}

export function requireScope(scope: ApiScope): MiddlewareHandler<AdminApiEnv> {
  return async function requireScopeMiddleware(c, next) {
    if (!hasScope(c.get('apiKey').scopes, scope)) {
      throw new BridgeError('insufficient_scope', {
        reason: 'scope_missing',
        message: `API key lacks ${scope}`,
        description: `This API key does not have the scope ${scope}.`,
      })
    }
    await next()
  }
}
