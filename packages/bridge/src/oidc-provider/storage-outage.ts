/**
 * oidc-provider answers any fault it does not know as a 500 `server_error`; a database that
 * cannot be reached is not the bridge's fault but a moment to retry, so its endpoints answer as
 * the bridge's own do: 503 `temporarily_unavailable` with Retry-After, in OAuth JSON, or the
 * error page where oidc-provider would have rendered a page.
 */
import type { KoaContextWithOIDC } from 'oidc-provider'
import { isDatabaseUnavailable, RETRY_AFTER_SECONDS } from '../database-faults.js'
import { BridgeError } from '../errors.js'
import type { Logger } from '../logger.js'
import type { OpPages } from './pages.js'

type Middleware = (ctx: KoaContextWithOIDC, next: () => Promise<void>) => Promise<void>

export interface StorageOutageAnswers {
  /**
   * For oidc-provider's `server_error` event (its error handlers catch, answer, then emit):
   * true when the fault was the database, whose answer the middleware then replaces.
   */
  noted(ctx: KoaContextWithOIDC, error: unknown): boolean
  middleware: Middleware
}

const describe = (error: unknown) =>
  error instanceof Error ? `${error.name}: ${error.message.slice(0, 200)}` : typeof error

export function storageOutageAnswers(
  logger: Logger,
  requestIdOf: (ctx: KoaContextWithOIDC) => string | undefined,
  pages: Pick<OpPages, 'errorPage'>,
): StorageOutageAnswers {
  const unavailable = new WeakSet<KoaContextWithOIDC>()
  const refusal = new BridgeError('temporarily_unavailable', { reason: 'storage_unavailable' })
  const out = { error: 'temporarily_unavailable', error_description: refusal.description }

  function note(ctx: KoaContextWithOIDC, error: unknown) {
    unavailable.add(ctx)
    logger.warn('storage unavailable', {
      requestId: requestIdOf(ctx),
      code: refusal.code,
      reason: refusal.reason,
      path: ctx.path,
      error: describe(error),
    })
  }

  return {
    noted(ctx, error) {
      if (!isDatabaseUnavailable(error)) return false
      note(ctx, error)
      return true
    },
    async middleware(ctx, next) {
      // What oidc-provider's handlers caught arrives as a 500 already written; what the bridge's
      // own middleware around them met (linking sessions, say) arrives thrown.
      let page: boolean
      try {
        await next()
        if (!unavailable.has(ctx)) return
        page = ctx.response.is('html') !== false
      } catch (error) {
        if (!isDatabaseUnavailable(error)) throw error
        note(ctx, error)
        page = ctx.accepts('json', 'html') === 'html'
      }
      ctx.status = 503
      ctx.set('Retry-After', String(RETRY_AFTER_SECONDS))
      ctx.set('Cache-Control', 'no-store')
      ctx.remove('Location')
      if (page) await pages.errorPage(ctx, out, requestIdOf(ctx) ?? '-')
      else ctx.body = out
    },
  }
}
