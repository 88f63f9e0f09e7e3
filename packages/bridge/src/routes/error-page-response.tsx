/** Errors of the pages a browser opens, answered as the error page with a reference. */
import type { Context } from 'hono'
import type { BridgeError } from '../errors.js'
import type { Logger } from '../logger.js'
import { ErrorPage } from '../views/error-page.js'
import type { BridgeEnv } from './env.js'
import { errorHandler } from './error-handler.js'
import { pageOf } from './page.js'
import { visitorDescription } from './visitor-error.js'

export function errorPageResponse<E extends BridgeEnv>(c: Context<E>, error: BridgeError) {
  const page = pageOf(c)
  return c.html(
    <ErrorPage
      page={page}
      description={visitorDescription(error, page.t)}
      code={error.code}
      requestId={c.get('requestId') ?? '-'}
    />,
    error.status,
  )
}

/** The `onError` of every group of pages: the sign-in, logout, the console. */
export const errorPageHandler = <E extends BridgeEnv>(logger: Logger) =>
  errorHandler<E>(logger, errorPageResponse)
