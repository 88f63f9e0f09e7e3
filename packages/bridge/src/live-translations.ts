/**
 * The visitor pages' translations as they are now: the config's `strings:` and, over them, the
 * overrides an admin saved in the console (domain/string-overrides.ts), which every process
 * sharing the storage follows. One listing of a few records per request (served from the read
 * cache, storage/read-mostly.ts); the i18next instance is rebuilt only when their version moved.
 */
import { stringIssues } from './config/strings-schema.js'
import { readStringOverrides, type StoredStrings } from './domain/string-overrides.js'
import { LOCALES } from './i18n/locales.js'
import { createTranslations, type StringOverrides, type Translations } from './i18n/translations.js'
import type { Storage } from './storage/types.js'

export interface LiveTranslations {
  current(): Promise<Translations>
}

/** Config first, stored ones win; a stored text the catalog no longer takes (an upgrade) is left out. */
export function mergeOverrides(config: StringOverrides, stored: StoredStrings): StringOverrides {
  const merged: StringOverrides = {}
  for (const locale of LOCALES) {
    const own = { ...stored[locale] }
    for (const { key } of stringIssues(own)) delete own[key]
    const strings = { ...config[locale], ...own }
    if (Object.keys(strings).length > 0) merged[locale] = strings
  }
  return merged
}

export function createLiveTranslations(
  storage: Storage,
  config: StringOverrides = {},
  fromConfig: Translations = createTranslations(config),
): LiveTranslations {
  let built: { version: string | undefined; translations: Translations } = {
    version: undefined,
    translations: fromConfig,
  }
  return {
    async current() {
      let record
      try {
        record = await readStringOverrides(storage)
      } catch {
        // The wording is not worth failing a page for: the request meets the storage again anyway.
        return built.translations
      }
      if (record?.version !== built.version)
        built = {
          version: record?.version,
          translations: record
            ? createTranslations(mergeOverrides(config, record.strings))
            : fromConfig,
        }
      return built.translations
    },
  }
}
