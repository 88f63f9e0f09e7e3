/** The `state` that ties the bridge's answer to this visit, PKCE, and the state cookie. */

/** Bytes as base64url without padding: + and / become - and _, = goes. */
const base64url = (bytes: ArrayBuffer | Uint8Array): string =>
  btoa(String.fromCharCode(...new Uint8Array(bytes)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .split('=')[0] as string

/** 32 random bytes as base64url: 43 characters. Also a PKCE verifier. */
export const newState = (): string => base64url(crypto.getRandomValues(new Uint8Array(32)))

/**
 * PKCE S256: BASE64URL(SHA-256(verifier)). Async, so that a page without WebCrypto (plain http)
 * gets a rejection rather than an exception thrown into it.
 */
export const challengeOf = async (verifier: string): Promise<string> =>
  base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)))

/**
 * The bridge posts `token` and `state` back to the site cross-site, and a browser sends no
 * SameSite=Lax cookie with that POST: the cookie must be SameSite=None, hence Secure, so the page
 * must be https (or loopback, which browsers treat as secure). Ten minutes covers a sign-in.
 */
export const stateCookie = (app: string, state: string): string =>
  'ssobridge_state_' + app + '=' + state + ';Path=/;Max-Age=600;SameSite=None;Secure'
