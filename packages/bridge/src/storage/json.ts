/** The one place values cross between JSON and the database's text column. */
export const encode = (value: unknown): string => JSON.stringify(value)
export const decode = <T>(text: string): T => JSON.parse(text) as T
export const expiry = (now: number, ttlSeconds: number | undefined): number | null =>
  ttlSeconds === undefined ? null : now + Math.round(ttlSeconds * 1000)

/** The end of a literal prefix range: keys >= prefix and < prefixEnd start with prefix. */
export const prefixEnd = (prefix: string): string => prefix + '\u{10FFFF}'
