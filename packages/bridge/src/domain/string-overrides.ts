/**
 * The admin's wording of single strings, set in the console (namespace `string-override`, one
 * record per language, so saves of two languages never overwrite each other). One listing reads
 * them all, and each record's `version` changes on every save, so that each process rebuilds its
 * translations only when it has to (live-translations.ts). Checking keys and placeholders is the
 * caller's (config/strings-schema).
 */
import type { Actor } from './audit-log.js'
import { recordAudit } from './audit-log.js'
import { randomToken } from './random-token.js'
import type { Storage } from '../storage/types.js'

export const STRING_OVERRIDES = 'string-override'

/** Per language (`de`), dotted key → the admin's text, stored as typed. */
export type StoredStrings = Partial<Record<string, Record<string, string>>>

export interface StringOverridesRecord {
  /** Dotted key → text, never empty: a language without overrides has no record. */
  strings: Record<string, string>
  version: string
  updatedAt: number
}

declare module '../storage/types.js' {
  interface StorageRecords {
    [STRING_OVERRIDES]: StringOverridesRecord
  }
}

/** Every language's overrides, and a version that changes whenever any of them does. */
export async function readStringOverrides(
  storage: Storage,
): Promise<{ version: string; strings: StoredStrings } | undefined> {
  const records = await storage.list(STRING_OVERRIDES, { limit: 100 })
  if (records.length === 0) return undefined
  return {
    version: records.map((r) => `${r.key}:${r.value.version}`).join(' '),
    strings: Object.fromEntries(records.map((r) => [r.key, r.value.strings])),
  }
}

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
  const before = (await storage.get(STRING_OVERRIDES, input.locale))?.strings ?? {}
  if (sameStrings(before, input.strings)) return false
  if (Object.keys(input.strings).length === 0) await storage.delete(STRING_OVERRIDES, input.locale)
  else
    await storage.set(STRING_OVERRIDES, input.locale, {
      strings: input.strings,
      version: randomToken(12),
      updatedAt: now,
    })
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
