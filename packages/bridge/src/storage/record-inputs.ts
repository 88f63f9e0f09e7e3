/**
 * Arguments are checked here, before any SQL, so that SQLite and Postgres refuse exactly the same
 * input instead of each failing (or silently succeeding) in its own way.
 */
import type { ListOptions } from './types.js'

// Postgres TEXT cannot hold U+0000, and a lone surrogate turns into U+FFFD on its way to UTF-8,
// so two different keys would silently become one.
const UNSTORABLE = /\0|\p{Cs}/u

export function checkText(what: 'namespace' | 'key' | 'prefix' | 'start', value: string): void {
  if (typeof value !== 'string' || UNSTORABLE.test(value)) {
    throw new TypeError(`storage ${what} must be a string without U+0000 or lone surrogates`)
  }
}

export function checkNames(ns: string, key: string): void {
  checkText('namespace', ns)
  checkText('key', key)
}

// A JSON object key both databases can name in a path without quoting.
const FIELD = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/

export function checkJoin(ns: string, key: string, via: { field: string; ns: string }): void {
  checkNames(ns, key)
  checkText('namespace', via.ns)
  if (typeof via.field !== 'string' || !FIELD.test(via.field)) {
    throw new TypeError('storage join field must be an identifier (letters, digits, _)')
  }
}

/** Epoch ms at which a record written at `now` expires; a TTL of zero or less is already expired. */
export function expiresAt(now: number, ttlSeconds: number): number {
  const at = now + Math.round(ttlSeconds * 1000)
  // NaN would bind as NULL in SQLite and make the record immortal.
  if (!Number.isSafeInteger(at)) {
    throw new RangeError('storage TTL must be a finite number of seconds')
  }
  return at
}

export const optionalExpiresAt = (now: number, ttlSeconds: number | undefined): number | null =>
  ttlSeconds === undefined ? null : expiresAt(now, ttlSeconds)

export interface ListBounds {
  from: string
  /** Exclusive upper bound of the prefix range; null when no string is above every match. */
  to: string | null
  limit: number | undefined
}

export function listBounds(options: ListOptions = {}): ListBounds {
  const prefix = options.prefix ?? ''
  checkText('prefix', prefix)
  const { limit } = options
  if (limit !== undefined && !(Number.isSafeInteger(limit) && limit >= 0)) {
    throw new RangeError('storage list limit must be a non-negative integer')
  }
  const { start } = options
  if (start !== undefined) checkText('start', start)
  // A start inside or past the prefix range raises the lower bound; one before it changes nothing.
  const from = start !== undefined && byCodePoint(start, prefix) > 0 ? start : prefix
  return { from, to: prefixEnd(prefix), limit }
}

const byCodePoint = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b))

/**
 * The smallest string above every string that starts with `prefix`, in code point order (which is
 * UTF-8 byte order, the order of both databases): a range instead of LIKE, so `%` and `_` stay
 * literal and the primary key index serves the query.
 */
export function prefixEnd(prefix: string): string | null {
  const chars = Array.from(prefix)
  for (let last = chars.pop(); last !== undefined; last = chars.pop()) {
    const point = last.codePointAt(0) ?? 0
    if (point < 0x10ffff) {
      // Surrogate code points cannot appear in keys: step over them.
      const next = point === 0xd7ff ? 0xe000 : point + 1
      return chars.join('') + String.fromCodePoint(next)
    }
  }
  return null
}
