import { Hono, type ErrorHandler } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { freePort } from '../../../../scripts/free-port.js'
import { BridgeError, bridgeErrorCodes, oauthErrorOf } from '../errors.js'
import { createLogger, type Logger } from '../logger.js'
import { adminApiErrorHandler } from './admin/api-errors.js'
import { RETRY_AFTER_SECONDS } from './error-handler.js'
import type { BridgeEnv } from './env.js'
import { errorPageHandler } from './error-page-response.js'
import { tokenErrorHandler } from './token.js'

type Log = { level: string; msg: string; [field: string]: unknown }

/** One group with the handler under test, mounted the way app.tsx mounts groups. */
function groupThrowing(handlerOf: (logger: Logger) => ErrorHandler<BridgeEnv>, thrown: unknown) {
  const logs: Log[] = []
  const app = new Hono<BridgeEnv>()
  app.use(async (c, next) => {
    c.set('requestId', 'ref-123')
    c.set('nonce', 'nonce-1')
    await next()
  })
  const group = new Hono<BridgeEnv>()
    .onError(handlerOf(createLogger('debug', (line) => logs.push(JSON.parse(line) as Log))))
    .get('/x', () => {
      throw thrown
    })
  app.route('/', group)
  return { request: () => app.request('/x'), logs }
}

const groups = {
  pages: {
    handler: errorPageHandler,
    async shape(response: Response, error: BridgeError) {
      expect(response.headers.get('Content-Type')).toMatch(/^text\/html/)
      const html = await response.text()
      expect(html).toContain(`<code>${error.code}</code>`)
      expect(html).toContain('reference <code>ref-123</code>')
      return html
    },
  },
  token: {
    handler: tokenErrorHandler,
    async shape(response: Response, error: BridgeError) {
      expect(response.headers.get('Cache-Control')).toBe('no-store')
      const text = await response.text()
      expect(JSON.parse(text)).toEqual({
        error: oauthErrorOf(error.code),
        error_description: error.description,
      })
      return text
    },
  },
  'admin API': {
    handler: adminApiErrorHandler,
    async shape(response: Response, error: BridgeError) {
      const text = await response.text()
      expect(JSON.parse(text)).toEqual({
        error: error.code,
        error_description: error.description,
      })
      if (error.code === 'unauthorized')
        expect(response.headers.get('WWW-Authenticate')).toBe('Bearer realm="ssobridge-admin"')
      return text
    },
  },
}

describe.each(Object.entries(groups))('the %s error handler', (_, group) => {
  it('answers every BridgeError with its own status in its own shape, the reason unsaid', async () => {
    for (const code of bridgeErrorCodes) {
      const error = new BridgeError(code, { reason: 'code_of_another_app' })
      const { request, logs } = groupThrowing(group.handler, error)
      const response = await request()
      expect(response.status, code).toBe(error.status)
      expect(await group.shape(response, error)).not.toContain('code_of_another_app')
      expect(logs).toEqual([
        expect.objectContaining({ code, reason: 'code_of_another_app', requestId: 'ref-123' }),
      ])
    }
  })

  it('never turns a 4xx of Hono into a 5xx', async () => {
    const statuses: ContentfulStatusCode[] = [400, 401, 403, 404, 405, 413, 415, 422, 429, 431]
    for (const status of statuses) {
      const response = await groupThrowing(group.handler, new HTTPException(status)).request()
      expect(response.status, String(status)).toBe(status === 413 ? 413 : 400)
    }
  })

  it('turns an unexpected error into a 500 with a logged reference, no stack or message', async () => {
    const thrown = new TypeError('cannot read /srv/app/secret.ts:12')
    const { request, logs } = groupThrowing(group.handler, thrown)
    const response = await request()
    expect(response.status).toBe(500)
    const body = await group.shape(response, new BridgeError('server_error'))
    expect(body).not.toMatch(/TypeError|secret|\.ts:\d+|\n\s+at /)
    expect(logs).toEqual([
      expect.objectContaining({
        level: 'error',
        code: 'server_error',
        reason: 'unhandled',
        requestId: 'ref-123',
        error: 'TypeError: cannot read /srv/app/secret.ts:12',
      }),
    ])
  })
  it('answers a Postgres that cannot be reached with a 503 to retry, not a server_error', async () => {
    // What pg really throws for a server that is down: connection refused on a closed port.
    const client = new pg.Client({ host: '127.0.0.1', port: await freePort(), user: 'bridge' })
    const refused = await client.connect().then(
      () => new Error('connected to a closed port'),
      (error: unknown) => error,
    )
    expect(refused).toMatchObject({ code: 'ECONNREFUSED' })
    const shutdown = Object.assign(
      new Error('terminating connection due to administrator command'),
      {
        code: '57P01',
      },
    )
    const wrapped = new BridgeError('server_error', { cause: refused })
    for (const thrown of [refused, shutdown, wrapped]) {
      const { request, logs } = groupThrowing(group.handler, thrown)
      const response = await request()
      expect(response.status).toBe(503)
      expect(response.headers.get('Retry-After')).toBe(String(RETRY_AFTER_SECONDS))
      const body = await group.shape(response, new BridgeError('temporarily_unavailable'))
      expect(body).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|administrator|\n\s+at /)
      expect(logs).toEqual([
        expect.objectContaining({
          level: 'warn',
          code: 'temporarily_unavailable',
          reason: 'storage_unavailable',
          requestId: 'ref-123',
        }),
      ])
    }
  })
})
