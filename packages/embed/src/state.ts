/** The `state` that ties the bridge's answer to this visit, and PKCE. */

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
