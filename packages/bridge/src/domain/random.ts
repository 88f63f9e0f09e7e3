import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

/** 32 random bytes as base64url: ids, tokens, CSRF values. */
export const randomToken = (bytes = 32): string => randomBytes(bytes).toString('base64url')

/** What storage keeps instead of a bearer value, so a database dump yields no live session. */
export const sha256 = (value: string): string =>
  createHash('sha256').update(value).digest('base64url')

export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(sha256(a))
  const right = Buffer.from(sha256(b))
  return timingSafeEqual(left, right) && a === b
}
