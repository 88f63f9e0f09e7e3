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

export const MAX_OVERRIDE_LENGTH = 1000

/** What is wrong with one language's overrides, by key: the config and the console both refuse it. */
export function stringIssues(strings: Record<string, string>): { key: string; message: string }[] {
  const issues: { key: string; message: string }[] = []
  for (const [key, text] of Object.entries(strings)) {
    const english = key.length <= 100 ? englishFor(key) : undefined
    if (english === undefined) {
      issues.push({ key, message: `no string "${key}" in the catalog` })
      continue
    }
    if (text.length === 0 || text.length > MAX_OVERRIDE_LENGTH) {
      issues.push({ key, message: `must be 1 to ${MAX_OVERRIDE_LENGTH} characters` })
      continue
    }
    const known = placeholdersOf(english)
    for (const name of placeholdersOf(text))
      if (!known.has(name))
        issues.push({
          key,
          message: `{{${name}}} is not a placeholder of "${key}" (it has: ${[...known].join(', ') || 'none'})`,
        })
  }
  return issues
}

const overrides = z.record(z.string(), z.string()).superRefine((strings, ctx) => {
  for (const { key, message } of stringIssues(strings))
    ctx.addIssue({ code: 'custom', path: [key], message })
})

export const stringsField = z.partialRecord(z.enum(LOCALES), overrides)
