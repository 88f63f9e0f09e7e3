// The back-channel logout endpoint as a Hono handler:
// `app.post('/sso/backchannel-logout', ssoBackchannelLogout(options, { onLogout }))`.
import type { Context, Env } from 'hono'
import { readRequestForm } from './form-body.js'
import { createLogoutTokenVerifier, type LogoutClaims } from './logout-token.js'
import type { VerifyOptions } from './verify-options.js'
import { VerifyError } from './verify-error.js'

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Hono's own default for handlers
export interface SsoBackchannelLogoutHandlers<E extends Env = any> {
  /** End the sessions of `claims.sub` (or the one of `claims.sid`) in your own store. */
  onLogout(c: Context<E>, claims: LogoutClaims): void | Promise<void>
  /** Told of every refused token (log it; the bridge gets a 400 either way). */
  onError?(c: Context<E>, error: VerifyError): void | Promise<void>
}

/**
 * Answers as the spec asks: 200 once the sessions are ended, 400 `invalid_request` for a token that
 * fails any check, never cached. The bridge retries 5xx, so a failing `onLogout` throws through.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Hono's own default for handlers
export function ssoBackchannelLogout<E extends Env = any>(
  options: VerifyOptions,
  handlers: SsoBackchannelLogoutHandlers<E>,
): (c: Context<E>) => Promise<Response> {
  const verify = createLogoutTokenVerifier(options)
  return async function ssoBackchannelLogoutHandler(c) {
    c.header('Cache-Control', 'no-store')
    if (c.req.method !== 'POST') return c.text('Method Not Allowed', 405, { Allow: 'POST' })
    let claims: LogoutClaims
    try {
      const form = await readRequestForm(c.req.raw)
      claims = await verify(form.get('logout_token') ?? '')
    } catch (error) {
      if (!(error instanceof VerifyError)) throw error
      await handlers.onError?.(c, error)
      return c.json({ error: 'invalid_request', error_description: error.message }, 400)
    }
    await handlers.onLogout(c, claims)
    return c.body(null, 200)
  }
}
