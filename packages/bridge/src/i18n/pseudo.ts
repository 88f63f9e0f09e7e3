/**
 * The pseudo-locale: each English string accented and bracketed, placeholders kept, so that a
 * page shown in it makes any text not taken from the catalog stand out (e2e checks for it).
 */
import type { Catalog } from './messages.js'

const ACCENTED: Record<string, string> = Object.fromEntries(
  [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'].map((c, i) => [
    c,
    [...'åƀçđéƒĝĥîĵķļɱñöþǫŕšţûṽŵẋýžÅƁÇĐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ'][i]!,
  ]),
)

export function pseudoString(text: string): string {
  const accented = text
    .split(/(\{\{\w+\}\})/)
    .map((part) => (part.startsWith('{{') ? part : part.replace(/[A-Za-z]/g, (c) => ACCENTED[c]!)))
    .join('')
  return `⟦${accented}⟧`
}

export function pseudoCatalog<T>(catalog: T): T {
  const walk = (value: unknown): unknown =>
    typeof value === 'string'
      ? pseudoString(value)
      : Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, walk(v)]))
  return walk(catalog) as T
}

export type { Catalog }
