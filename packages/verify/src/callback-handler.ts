import { readCallbackForm, safeErrorCode, safeErrorDescription } from './callback-form.js'
import { safeReturnTo } from './return-to.js'
import type { SsoClaims } from './sso-claims.js'
import {
  assertCookieName,
  clearStateCookieValue,
  defaultStateCookieName,
  readStateCookie,
} from './state-cookie.js'
import { timingSafeEqual } from './timing-safe-equal.js'
import { createVerifier } from './verifier.js'
import type { VerifyOptions } from './verify-options.js'
import { VerifyError } from './verify-error.js'

export interface CallbackInput {
  /** The POSTed form: `token`, `state`, `return_to`, or `error`, `error_description`, `state`. */
  form: URLSearchParams | Record<string, string | undefined>
  /** The request's `Cookie` header. */
  cookieHeader?: string | null
  /** The callback's public URL, as registered at the bridge. */
  callbackUrl: string | URL
}

export interface CallbackResult {
  claims: SsoClaims
  /** Absolute URL on the callback's origin: the asked-for `return_to`, else the origin's root. */
  returnTo: string
  /** A Set-Cookie value that deletes the state cookie; send it on success and on failure. */
  clearStateCookie: string
}

export type CallbackHandlerOptions = VerifyOptions & {
  /** Default `ssobridge_state_${audience}`, the name the embed script uses. */
  stateCookieName?: string
}

export function stateCookieNameOf(options: CallbackHandlerOptions): string {
  const name = options.stateCookieName ?? defaultStateCookieName(options.audience)
  assertCookieName(name)
  return name
}

/**
 * The whole callback, framework-neutral. Checks, in order: the state cookie is there and equals the
 * form's `state`; a bridge `error` becomes `bridge_error`; the token is verified with the state as
 * its expected `nonce`, then spent. Throws `VerifyError` on any failure.
 */
export function createCallbackHandler(
  options: CallbackHandlerOptions,
): (input: CallbackInput) => Promise<CallbackResult> {
  const { stateCookieName: _ignored, ...verifyOptions } = options
  const cookieName = stateCookieNameOf(options)
  const clearStateCookie = clearStateCookieValue(cookieName)
  const verify = createVerifier(verifyOptions)

  return async function handleCallback(input) {
    let callbackUrl: URL
    try {
      callbackUrl = new URL(input.callbackUrl)
    } catch {
      throw new VerifyError('invalid_options', 'callbackUrl must be an absolute URL.')
    }
    const form = readCallbackForm(input.form)

    // State first, even for errors: an error the browser did not ask for is not shown either.
    const expectedState = readStateCookie(input.cookieHeader, cookieName)
    if (expectedState === undefined || form.state === undefined) {
      throw new VerifyError('state_missing')
    }
    if (!timingSafeEqual(form.state, expectedState)) throw new VerifyError('state_mismatch')

    if (form.error !== undefined) {
      const error = safeErrorCode(form.error)
      throw new VerifyError('bridge_error', `The sign-in was not completed (${error}).`, {
        error,
        errorDescription: safeErrorDescription(form.errorDescription),
        returnTo: safeReturnTo(form.returnTo, callbackUrl),
      })
    }
    if (form.token === undefined) throw new VerifyError('token_missing')

    const claims = await verify(form.token, { nonce: expectedState })
    return { claims, returnTo: safeReturnTo(form.returnTo, callbackUrl), clearStateCookie }
  }
}
