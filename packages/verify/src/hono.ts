/**
 * @module
 * The sign-in callback as a Hono handler: `app.post('/sso/callback', ssoCallback(options, { onSuccess }))`.
 */
import type { Context, Env } from 'hono'
import {
  createCallbackHandler,
  stateCookieNameOf,
  type CallbackHandlerOptions,
  type CallbackResult,
} from './callback-handler.js'
import { readRequestForm } from './form-body.js'
import { clearStateCookieValue } from './state-cookie.js'
import { VerifyError } from './verify-error.js'

export type SsoCallbackOptions = CallbackHandlerOptions & {
  /**
   * The callback's public URL as registered at the bridge. Set it behind a proxy or TLS
   * terminator: by default the request URL is used, and `return_to` must share its origin.
   */
  callbackUrl?: string | URL
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Hono's own default for handlers
export interface SsoCallbackHandlers<E extends Env = any> {
  /** Find or create the user, set the site's session, redirect to `result.returnTo`. */
  onSuccess(c: Context<E>, result: CallbackResult): Response | Promise<Response>
  /** Default: 400 plain text with the error code and its safe sentence. */
  onError?(c: Context<E>, error: VerifyError): Response | Promise<Response>
}

function defaultOnError(c: Context, error: VerifyError): Response {
  c.header('Cache-Control', 'no-store')
  return c.text(`${error.code}: ${error.message}`, 400)
}

/** Appends to the response's headers, copying the response first when they are immutable. */
function withHeader(response: Response, name: string, value: string): Response {
  try {
    response.headers.append(name, value)
    return response
  } catch {
    const copy = new Response(response.body, response)
    copy.headers.append(name, value)
    return copy
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Hono's own default for handlers
export function ssoCallback<E extends Env = any>(
  options: SsoCallbackOptions,
  handlers: SsoCallbackHandlers<E>,
): (c: Context<E>) => Promise<Response> {
  const { callbackUrl, ...callbackOptions } = options
  const handle = createCallbackHandler(callbackOptions)
  const clearStateCookie = clearStateCookieValue(stateCookieNameOf(callbackOptions))

  return async function ssoCallbackHandler(c) {
    if (c.req.method !== 'POST') {
      return c.text('Method Not Allowed', 405, { Allow: 'POST' })
    }
    let result: CallbackResult
    try {
      const form = await readRequestForm(c.req.raw)
      result = await handle({
        form,
        cookieHeader: c.req.header('cookie'),
        callbackUrl: callbackUrl ?? c.req.url,
      })
    } catch (error) {
      if (!(error instanceof VerifyError)) throw error
      return withHeader(
        await (handlers.onError ? handlers.onError(c, error) : defaultOnError(c, error)),
        'Set-Cookie',
        clearStateCookie,
      )
    }
    return withHeader(await handlers.onSuccess(c, result), 'Set-Cookie', clearStateCookie)
  }
}

export { ssoBackchannelLogout, type SsoBackchannelLogoutHandlers } from './hono-backchannel.js'
export { ssoBearer, type SsoBearerEnv } from './hono-bearer.js'
