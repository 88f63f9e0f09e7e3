/**
 * The `onError` of every route group: it maps whatever was thrown to a BridgeError and logs it
 * once; the group answers in its own shape (a page, OAuth JSON, the admin API's JSON).
 */
import type { Context, ErrorHandler } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { isDatabaseUnavailable, RETRY_AFTER_SECONDS } from '../database-faults.js'
import { BridgeError, isBridgeError } from '../errors.js'
import type { Logger } from '../logger.js'
import type { BridgeEnv } from './env.js'

export type ErrorResponder<E extends BridgeEnv = BridgeEnv> = (
  c: Context<E>,
  error: BridgeError,
) => Response | Promise<Response>

export { RETRY_AFTER_SECONDS }

/**
 * Hono's own refusals stay 4xx; a database that cannot be reached is a 503 the client may retry
 * (whichever storage call met it, in a route or below); anything else is a server_error.
 */
export function toBridgeError(error: unknown): BridgeError {
  if (isBridgeError(error) && error.code !== 'server_error') return error
  const cause = isBridgeError(error) ? error.cause : error
  if (isDatabaseUnavailable(cause))
    return new BridgeError('temporarily_unavailable', {
      reason: 'storage_unavailable',
      message: 'storage unavailable',
      cause,
    })
  if (isBridgeError(error)) return error
  if (error instanceof HTTPException) {
    if (error.status === 413)
      return new BridgeError('payload_too_large', { reason: 'body_too_large' })
    if (error.status < 500) return new BridgeError('invalid_request', { message: error.message })
  }
  return new BridgeError('server_error', {
    reason: 'unhandled',
    message: 'unhandled error',
    cause: error,
  })
}

/** Enough to find the fault, without a stack trace and with messages cut short. */
function describeCause(error: unknown): string {
  const cause = isBridgeError(error) && error.cause !== undefined ? error.cause : error
  if (cause instanceof Error) return `${cause.name}: ${cause.message.slice(0, 200)}`
  return typeof cause
}

export function errorHandler<E extends BridgeEnv>(
  logger: Logger,
  respond: ErrorResponder<E>,
): ErrorHandler<E> {
  return function bridgeErrorHandler(error, c) {
    const mapped = toBridgeError(error)
    const fields = {
      requestId: c.get('requestId'),
      code: mapped.code,
      reason: mapped.reason,
      path: c.req.path,
    }
    if (mapped.code === 'temporarily_unavailable') {
      c.header('Retry-After', String(RETRY_AFTER_SECONDS))
      logger.warn(mapped.message, { ...fields, error: describeCause(error) })
    } else if (mapped.code === 'server_error') {
      // The cause goes to the log only; the answer carries a reference the operator can grep.
      logger.error(mapped.message, { ...fields, error: describeCause(error) })
    } else {
      logger.info(mapped.message, fields)
    }
    return respond(c, mapped)
  }
}
