/**
 * Which database errors mean "the database is not there right now" (retry later: a 503, a wait
 * at start) rather than a fault in the bridge, and how to say so in one line without the URL's
 * password or a stack.
 */

/** Retry-After of a 503 for a database that is gone: long enough for a failover or restart. */
export const RETRY_AFTER_SECONDS = 5

// Node's socket errors when the server is down, unknown or slow to answer.
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
])

// SQLSTATE: 08 connection exceptions; 57P01–57P03 shutdown, crash and "starting up".
const SQLSTATE_UNAVAILABLE = /^(08...|57P0[1-3])$/

// pg says these in its own words, without a code.
const PG_CONNECTION_MESSAGES =
  /^(Connection terminated|timeout expired|timeout exceeded when trying to connect|Client has encountered a connection error)/

/** True for a connection that failed, broke or timed out, or a server shutting down or starting. */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 3) return false
  const { code, message, cause, errors } = error as {
    code?: unknown
    message?: unknown
    cause?: unknown
    errors?: unknown
  }
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || SQLSTATE_UNAVAILABLE.test(code)))
    return true
  if (typeof message === 'string' && PG_CONNECTION_MESSAGES.test(message)) return true
  if (Array.isArray(errors) && errors.some((e) => isDatabaseUnavailable(e, depth + 1))) return true
  return isDatabaseUnavailable(cause, depth + 1)
}

/** `host:port/database` of a Postgres URL: never its user or password. */
export function describePostgresUrl(url: string): string {
  try {
    const { hostname, port, pathname } = new URL(url)
    return `${hostname || 'localhost'}:${port || '5432'}${pathname === '/' ? '' : pathname}`
  } catch {
    return 'the DATABASE_URL'
  }
}

/** One line for a failed start: what failed and the driver's own short reason. */
export function databaseStartError(error: unknown, url: string): Error {
  const where = describePostgresUrl(url)
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown }
  const text = typeof message === 'string' ? firstLine(message) : String(error)
  const tag = typeof code === 'string' && !text.includes(code) ? ` (${code})` : ''
  const what = isDatabaseUnavailable(error)
    ? `cannot reach Postgres at ${where}`
    : `Postgres at ${where} refused the bridge`
  return new Error(`${what}: ${text || 'no answer'}${tag}`)
}

const firstLine = (text: string) => text.split('\n', 1)[0]?.slice(0, 200) ?? ''
