// The state cookie the embed script sets before it leaves the site: reading it and deleting it.
import { VerifyError } from './verify-error.js'

const cookieName = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/

export function defaultStateCookieName(audience: string): string {
  return `ssobridge_state_${audience}`
}

export function assertCookieName(name: string): void {
  if (typeof name !== 'string' || !cookieName.test(name)) {
    throw new VerifyError('invalid_options', 'The state cookie name is not a valid cookie name.')
  }
}

/**
 * The state cookie's value, or undefined. Two different values under that name mean a cookie was
 * planted from a sibling domain: refused rather than guessing which one is ours.
 */
export function readStateCookie(
  cookieHeader: string | null | undefined,
  name: string,
): string | undefined {
  if (!cookieHeader) return undefined
  let found: string | undefined
  for (const pair of cookieHeader.split(';')) {
    const equals = pair.indexOf('=')
    if (equals === -1 || pair.slice(0, equals).trim() !== name) continue
    let value = pair.slice(equals + 1).trim()
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"'))
      value = value.slice(1, -1)
    if (value === '') continue
    if (found !== undefined && found !== value) throw new VerifyError('state_mismatch')
    found = value
  }
  return found
}

/** A Set-Cookie value that deletes the state cookie (same name, path and attributes as the embed). */
export function clearStateCookieValue(name: string): string {
  return `${name}=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Secure; SameSite=None`
}
