/** The one place values cross between JSON and the database's text column. */
import type { StoredRecord } from './types.js'

export function encode(value: unknown): string {
  const text = JSON.stringify(value)
  // undefined, functions and symbols serialise to nothing; storing them would lose the value.
  if (text === undefined) throw new TypeError('storage values must be JSON-serialisable')
  return text
}

export const decode = <T>(text: string): T => JSON.parse(text) as T

/** A row as both drivers read it; Postgres returns BIGINT as a string. */
export interface RecordRow {
  key: string
  value: string
  expires_at: number | string | null
}

export const toStoredRecord = <T>(row: RecordRow): StoredRecord<T> => ({
  key: row.key,
  value: decode<T>(row.value),
  ...(row.expires_at === null ? {} : { expiresAt: Number(row.expires_at) }),
})
