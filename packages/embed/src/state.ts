/** The `state` that ties the bridge's answer to this visit, PKCE, and the state cookie. */

/** Bytes as base64url without padding: + and / become - and _, = goes. */
const base64url = (bytes: Uint8Array): string =>
  btoa(String.fromCharCode(...bytes)).replace(/[+/=]/g, (c) => '-_'['+/'.indexOf(c)] || '')

/** 32 random bytes as base64url: 43 characters. Also a PKCE verifier. */
export const newState = (): string => base64url(crypto.getRandomValues(new Uint8Array(32)))

/** PKCE S256: BASE64URL(SHA-256(verifier)). */
export const challengeOf = (verifier: string): Promise<string> =>
  crypto.subtle
    .digest('SHA-256', new TextEncoder().encode(verifier))
    .then((hash) => base64url(new Uint8Array(hash)))

/**
 * The bridge posts `token` and `state` back to the site cross-site, and a browser sends no
 * SameSite=Lax cookie with that POST: the cookie must be SameSite=None, hence Secure, so the page
 * must be https (or loopback, which browsers treat as secure). Ten minutes covers a sign-in.
 */
export const stateCookie = (app: string, state: string): string =>
  'ssobridge_state_' + app + '=' + state + '; Path=/; Max-Age=600; SameSite=None; Secure'
