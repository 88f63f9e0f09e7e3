// Where to send the visitor after sign-in: the asked-for page when it is on the callback's own
// origin, else the origin's root. No open redirect.

/** Longer `return_to` values are not worth the risk of being parsed. */
const MAX_RETURN_TO_LENGTH = 2048

export function safeReturnTo(value: string | undefined, callbackUrl: URL): string {
  const fallback = `${callbackUrl.origin}/`
  if (!value || value.length > MAX_RETURN_TO_LENGTH) return fallback
  let target: URL
  try {
    target = new URL(value, callbackUrl)
  } catch {
    return fallback
  }
  if (target.protocol !== 'https:' && target.protocol !== 'http:') return fallback
  if (target.origin !== callbackUrl.origin) return fallback
  if (target.username || target.password) return fallback
  return target.href
}
