/** The shape every catalog has: the English one's keys, each a string. */
import type { en } from './catalogs/en.js'

type PluralSuffix = '_zero' | '_one' | '_two' | '_few' | '_many' | '_other'
type WithoutPlural<K extends string> = K extends `${infer Base}${PluralSuffix}` ? Base : K

type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>
}[keyof T & string]

/** `login.title`, `mfa.recoveryLeft` (its plural forms picked by `count`)… */
export type MessageKey = WithoutPlural<Leaves<typeof en>>

/** A catalog: the same keys as the English one. */
export type Catalog = { [K in keyof typeof en]: Strings<(typeof en)[K]> }
type Strings<T> = { [K in keyof T]: T[K] extends string ? string : Strings<T[K]> }

export type MessageVars = Record<string, string | number>

/** The text of a key in the page's language, with `{{name}}` filled in (not escaped: JSX does). */
export type Translate = (key: MessageKey, vars?: MessageVars) => string
