/** What a one-record upsert reports (nothing when the record already matched), and how it compares. */
export interface RecordChange<T> {
  action: 'created' | 'updated'
  before?: T
  after: T
  /** Sealed fields whose value changed. */
  secretsChanged: string[]
}

/** Structural equality of JSON-shaped values; undefined properties count as absent. */
export function sameRecord(a: unknown, b: unknown): boolean {
  return JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b))
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys)
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, sortKeys(v)]),
    )
  }
  return value
}
