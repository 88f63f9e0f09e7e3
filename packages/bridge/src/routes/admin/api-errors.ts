/** The admin API's error answers: `{ error, error_description }` JSON, never a page. */
import type { Context } from 'hono'
import type { BridgeError } from '../../errors.js'
import type { Logger } from '../../logger.js'
import type { BridgeEnv } from '../env.js'
import { errorHandler } from '../error-handler.js'

export function adminApiErrorResponse(c: Context<BridgeEnv>, error: BridgeError) {
  if (error.code === 'unauthorized') c.header('WWW-Authenticate', 'Bearer realm="ssobridge-admin"')
  return c.json({ error: error.code, error_description: error.description }, error.status)
}

export const adminApiErrorHandler = (logger: Logger) => errorHandler(logger, adminApiErrorResponse)
