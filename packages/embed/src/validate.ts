/** Checks for the values a site writes in `data-*` attributes; anything else is ignored with an error. */

/** App and connection ids: the bridge's slug rule. */
export const SLUG = /^[a-z\d][a-z\d-]{0,62}$/

/**
 * An http(s) URL with a host. Only ever sent to the bridge as `redirect_uri`, which matches it
 * exactly against the app's callbacks; this check catches typos and `javascript:` early.
 */
export const HTTP_URL = /^https?:\/\/[^/\s]/i
