/**
 * A catalog key's English text, filled in, without i18next: what a BridgeError keeps as its
 * `description` for logs, OAuth JSON and the admin API.
 */
import { en } from './catalogs/en.js'
import type { MessageKey, MessageVars } from './messages.js'

export function englishOf(key: MessageKey, vars: MessageVars = {}): string {
  const parts = key.split('.')
  const last = parts.pop() as string
  let parent: unknown = en
  for (const part of parts) parent = (parent as Record<string, unknown> | undefined)?.[part]
  const forms = parent as Record<string, unknown> | undefined
  // A plural key names its forms; English has two.
  const node = forms?.[last] ?? forms?.[`${last}_${vars.count === 1 ? 'one' : 'other'}`]
  const text = typeof node === 'string' ? node : key
  return text.replace(/\{\{(\w+)\}\}/g, (whole, name: string) =>
    name in vars ? String(vars[name]) : whole,
  )
}

/** Whether the catalog has this key (a reason or code without its own words falls back). */
export function hasMessage(key: string): key is MessageKey {
  let node: unknown = en
  for (const part of key.split('.')) node = (node as Record<string, unknown> | undefined)?.[part]
  return typeof node === 'string'
}
