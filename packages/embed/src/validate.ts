/** Checks for the values a site writes in `data-*` attributes; anything else is ignored with an error. */

/** App and connection ids: the bridge's slug rule. */
export const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/

/** An absolute http(s) URL; the bridge still matches it exactly against the app's callbacks. */
export function isHttpUrl(value: string): boolean {
  try {
    return /^https?:$/.test(new URL(value).protocol)
  } catch {
    return false
  }
}
