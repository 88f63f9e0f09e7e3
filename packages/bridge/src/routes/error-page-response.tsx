/** Errors of the pages a browser opens, answered as the error page with a reference. */
import type { Context } from 'hono'
import { randomToken } from '../domain/random-token.js'
import type { BridgeError } from '../errors.js'
import type { Logger } from '../logger.js'
import { ErrorPage } from '../views/error-page.js'
import type { BridgeEnv } from './env.js'
import { errorHandler } from './error-handler.js'

export function errorPageResponse<E extends BridgeEnv>(c: Context<E>, error: BridgeError) {
  // An error before security-headers ran has no nonce yet; the page still needs one.
  const nonce = c.get('nonce') ?? randomToken(16)
  return c.html(
    <ErrorPage
      nonce={nonce}
      description={error.description}
      code={error.code}
      requestId={c.get('requestId') ?? '-'}
    />,
    error.status,
  )
}

/** The `onError` of every group of pages: the sign-in, logout, the console. */
export const errorPageHandler = <E extends BridgeEnv>(logger: Logger) =>
  errorHandler<E>(logger, errorPageResponse)
