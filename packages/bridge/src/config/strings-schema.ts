/**
 * `strings:` in the config: the admin's wording of single strings of the visitor pages, per
 * language, by the catalog's dotted key (`login.heading`). A key the catalog does not have, or a
 * placeholder its English text does not use, is refused at load, so a typo never goes unseen.
 * Values are text: the pages escape them, markup included.
 */
import { z } from 'zod'
import { englishOf, hasMessage } from '../i18n/english.js'
import { LOCALES } from '../i18n/locales.js'
import type { MessageKey } from '../i18n/messages.js'

const PLURAL = /_(zero|one|two|few|many|other)$/
const placeholdersOf = (text: string) =>
  new Set([...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]))

/** The English text an override replaces, if the key is one (a plural form counts). */
function englishFor(key: string): string | undefined {
  if (hasMessage(key)) return englishOf(key)
  const base = key.replace(PLURAL, '')
  return base !== key && hasMessage(`${base}_other`)
    ? englishOf(`${base}_other` as MessageKey)
    : undefined
}

const overrides = z
  .record(z.string().max(100), z.string().min(1).max(1000))
  .superRefine((strings, ctx) => {
    for (const [key, text] of Object.entries(strings)) {
      const english = englishFor(key)
      if (english === undefined) {
        ctx.addIssue({ code: 'custom', path: [key], message: `no string "${key}" in the catalog` })
        continue
      }
      const known = placeholdersOf(english)
      for (const name of placeholdersOf(text))
        if (!known.has(name))
          ctx.addIssue({
            code: 'custom',
            path: [key],
            message: `{{${name}}} is not a placeholder of "${key}" (it has: ${[...known].join(', ') || 'none'})`,
          })
    }
  })

export const stringsField = z.partialRecord(z.enum(LOCALES), overrides)
