import { createHash, timingSafeEqual } from 'node:crypto'

/** What storage keeps instead of a bearer value, so a database dump yields no live session. */
export const sha256 = (value: string): string =>
  createHash('sha256').update(value).digest('base64url')

/** Compares secrets in constant time: both sides are hashed first, so lengths leak nothing. */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(sha256(a))
  const right = Buffer.from(sha256(b))
  return timingSafeEqual(left, right) && a === b
}
