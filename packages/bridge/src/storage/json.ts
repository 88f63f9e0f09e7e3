/** The one place values cross between JSON and the database's text column. */
import type { StoredRecord } from './types.js'

export const encode = (value: unknown): string => JSON.stringify(value)
export const decode = <T>(text: string): T => JSON.parse(text) as T
export const expiry = (now: number, ttlSeconds: number | undefined): number | null =>
  ttlSeconds === undefined ? null : now + Math.round(ttlSeconds * 1000)

/** The end of a literal prefix range: keys >= prefix and < prefixEnd start with prefix. */
export const prefixEnd = (prefix: string): string => prefix + '\u{10FFFF}'

/** A row as both drivers return it; Postgres gives BIGINT back as a string. */
export const toRecord = <T>(row: {
  key: string
  value: string
  expires_at: number | string | null
}): StoredRecord<T> => ({
  key: row.key,
  value: decode<T>(row.value),
  ...(row.expires_at === null ? {} : { expiresAt: Number(row.expires_at) }),
})
