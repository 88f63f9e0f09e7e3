/**
 * @module
 * The sign-in callback for `node:http` and Express: `app.post('/sso/callback', nodeCallback(options, { onSuccess }))`.
 */
import type { ServerResponse } from 'node:http'
import type { TLSSocket } from 'node:tls'
import {
  createCallbackHandler,
  stateCookieNameOf,
  type CallbackHandlerOptions,
  type CallbackResult,
} from './callback-handler.js'
import { readNodeForm, type NodeRequest } from './node-form-body.js'
import { clearStateCookieValue } from './state-cookie.js'
import { VerifyError } from './verify-error.js'

export type NodeCallbackOptions = CallbackHandlerOptions & {
  /**
   * The callback's public URL as registered at the bridge. Set it behind a proxy or TLS
   * terminator: by default it is rebuilt from the request, and `return_to` must share its origin.
   */
  callbackUrl?: string | URL
}

export interface NodeCallbackHandlers {
  /**
   * Find or create the user, set the site's session, redirect to `result.returnTo`. The state
   * cookie's deletion is already in the `Set-Cookie` header: add cookies with `res.appendHeader`
   * or Express's `res.cookie`, not `res.setHeader`, which would replace it.
   */
  onSuccess(req: NodeRequest, res: ServerResponse, result: CallbackResult): void | Promise<void>
  /** Default: 400 plain text with the error code and its safe sentence. */
  onError?(req: NodeRequest, res: ServerResponse, error: VerifyError): void | Promise<void>
}

function defaultOnError(_req: NodeRequest, res: ServerResponse, error: VerifyError): void {
  sendText(res, 400, `${error.code}: ${error.message}`)
}

function sendText(res: ServerResponse, status: number, body: string): void {
  res.statusCode = status
  res.setHeader('Content-Type', 'text/plain; charset=utf-8')
  res.setHeader('Cache-Control', 'no-store')
  res.end(body)
}

/** The request's URL as the browser saw it; Express's `req.protocol` honours its `trust proxy`. */
function requestUrl(req: NodeRequest): string {
  const express = req as NodeRequest & { protocol?: unknown; originalUrl?: unknown }
  const protocol =
    typeof express.protocol === 'string'
      ? express.protocol
      : (req.socket as Partial<TLSSocket>).encrypted
        ? 'https'
        : 'http'
  const path = typeof express.originalUrl === 'string' ? express.originalUrl : (req.url ?? '/')
  return `${protocol}://${req.headers.host ?? 'localhost'}${path}`
}

export function nodeCallback(
  options: NodeCallbackOptions,
  handlers: NodeCallbackHandlers,
): (req: NodeRequest, res: ServerResponse, next?: (error?: unknown) => void) => Promise<void> {
  const { callbackUrl, ...callbackOptions } = options
  const handle = createCallbackHandler(callbackOptions)
  const clearStateCookie = clearStateCookieValue(stateCookieNameOf(callbackOptions))

  return async function ssoCallbackHandler(req, res, next) {
    try {
      if (req.method !== 'POST') {
        res.setHeader('Allow', 'POST')
        sendText(res, 405, 'Method Not Allowed')
        return
      }
      let result: CallbackResult
      try {
        const form = await readNodeForm(req)
        result = await handle({
          form,
          cookieHeader: req.headers.cookie,
          callbackUrl: callbackUrl ?? requestUrl(req),
        })
      } catch (error) {
        if (!(error instanceof VerifyError)) throw error
        // The body may be unread (too large): close the connection rather than drain it.
        if (!req.readableEnded) res.setHeader('Connection', 'close')
        res.appendHeader('Set-Cookie', clearStateCookie)
        if (handlers.onError) await handlers.onError(req, res, error)
        else defaultOnError(req, res, error)
        return
      }
      res.appendHeader('Set-Cookie', clearStateCookie)
      await handlers.onSuccess(req, res, result)
    } catch (error) {
      // Never a stack trace to the visitor, never an unhandled rejection.
      if (next) next(error)
      else if (!res.headersSent) sendText(res, 500, 'Internal Server Error')
      else res.destroy()
    }
  }
}
