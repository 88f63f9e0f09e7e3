/**
 * The admin's wording of single strings, set in the console (namespace `string-override`): one
 * record for every language, so that a request reads one record to know them all. Its `version`
 * changes on every save, so each process rebuilds its translations only when it has to
 * (live-translations.ts). Checking keys and placeholders is the caller's (config/strings-schema).
 */
import type { Actor } from './audit-log.js'
import { recordAudit } from './audit-log.js'
import { randomToken } from './random-token.js'
import type { Storage } from '../storage/types.js'

export const STRING_OVERRIDES = 'string-override'
const KEY = 'all'

/** Per language (`de`), dotted key → the admin's text, stored as typed. */
export type StoredStrings = Partial<Record<string, Record<string, string>>>

export interface StringOverridesRecord {
  version: string
  updatedAt: number
  strings: StoredStrings
}

declare module '../storage/types.js' {
  interface StorageRecords {
    [STRING_OVERRIDES]: StringOverridesRecord
  }
}

export const readStringOverrides = (storage: Storage) => storage.get(STRING_OVERRIDES, KEY)

const sameStrings = (a: Record<string, string>, b: Record<string, string>) => {
  const keys = Object.keys(a)
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key])
}

/**
 * Replaces one language's overrides (an empty record removes them all) and audits the change
 * with before and after; false when nothing changed, and then nothing is written.
 */
export async function saveStringOverrides(
  storage: Storage,
  input: { actor: Actor; locale: string; strings: Record<string, string>; requestId?: string },
  now = Date.now(),
): Promise<boolean> {
  const current = await readStringOverrides(storage)
  const before = current?.strings[input.locale] ?? {}
  if (sameStrings(before, input.strings)) return false
  const strings: StoredStrings = { ...current?.strings, [input.locale]: input.strings }
  if (Object.keys(input.strings).length === 0) delete strings[input.locale]
  await storage.set(STRING_OVERRIDES, KEY, { version: randomToken(12), updatedAt: now, strings })
  await recordAudit(
    storage,
    {
      event: 'strings.updated',
      actor: input.actor,
      target: { type: 'strings', id: input.locale },
      before,
      after: input.strings,
      requestId: input.requestId,
    },
    now,
  )
  return true
}
