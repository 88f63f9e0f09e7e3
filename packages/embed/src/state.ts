/** The `state` that ties the bridge's answer to this visit, and the cookie the site's callback reads it from. */

/** 32 random bytes as base64url without padding: 43 characters. */
export function newState(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32))
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '')
}

// Loopback hosts are potentially trustworthy: browsers accept a Secure cookie there over http.
const LOOPBACK = /(^|\.)localhost$|^127(\.\d{1,3}){3}$|^\[::1\]$/

/** Whether this page may set a Secure cookie from script. */
export function canSetSecureCookie(protocol: string, hostname: string): boolean {
  return protocol === 'https:' || LOOPBACK.test(hostname)
}

/**
 * The bridge posts `token` and `state` back to the site cross-site, and a browser sends no
 * SameSite=Lax cookie with that POST: the cookie must be SameSite=None, which requires Secure.
 * Where Secure cannot be set, Lax is all there is (the caller warns). Ten minutes covers a sign-in.
 */
export function stateCookie(app: string, state: string, secure: boolean): string {
  return (
    `ssobridge_state_${app}=${state}; Path=/; Max-Age=600; ` +
    (secure ? 'SameSite=None; Secure' : 'SameSite=Lax')
  )
}
