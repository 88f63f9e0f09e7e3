/**
 * Every string of the catalogs by its dotted key, plural forms included (`mfa.recoveryLeft_one`):
 * the rows of the console's Strings page, where an admin overrides them one by one.
 */
import type { CatalogLocale } from './locales.js'
import { catalogs } from './translations.js'

type Tree = { [key: string]: string | Tree }

function leaves(tree: Tree, prefix = '', into = new Map<string, string>()) {
  for (const [key, node] of Object.entries(tree))
    if (typeof node === 'string') into.set(`${prefix}${key}`, node)
    else leaves(node, `${prefix}${key}.`, into)
  return into
}

export interface CatalogRow {
  key: string
  /** Undefined for a plural form only this language has (French `_many`). */
  english: string | undefined
  /** The language's own text; undefined for a plural form it does not use. */
  builtIn: string | undefined
}

/** English's keys in its order, then the plural forms only this language has. */
export function catalogRows(locale: CatalogLocale): CatalogRow[] {
  const english = leaves(catalogs.en as unknown as Tree)
  const own = leaves(catalogs[locale] as unknown as Tree)
  const keys = [...english.keys(), ...[...own.keys()].filter((key) => !english.has(key))]
  return keys.map((key) => ({ key, english: english.get(key), builtIn: own.get(key) }))
}
