import { describe, expect, it } from 'vitest'
import { en } from './catalogs/en.js'
import { englishOf } from './english.js'
import { LOCALES } from './locales.js'
import { pseudoString } from './pseudo.js'
import { catalogs, createTranslations } from './translations.js'

/** Every key of a catalog, dotted, with its text. */
function flatten(node: object, prefix = ''): Map<string, string> {
  const out = new Map<string, string>()
  for (const [key, value] of Object.entries(node)) {
    if (typeof value === 'string') out.set(`${prefix}${key}`, value)
    else for (const [k, v] of flatten(value as object, `${prefix}${key}.`)) out.set(k, v)
  }
  return out
}
const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort()

describe('the catalogs', () => {
  const english = flatten(en)
  for (const locale of LOCALES) {
    it(`${locale}: every key of the English catalog, each with the same placeholders`, () => {
      const other = flatten(catalogs[locale])
      expect([...other.keys()].sort()).toEqual([...english.keys()].sort())
      for (const [key, text] of english) {
        expect(placeholders(other.get(key)!), `${locale} ${key}`).toEqual(placeholders(text))
        expect(other.get(key)!.trim(), `${locale} ${key}`).not.toBe('')
        // Markup in a message would be escaped by the page: none belongs in a catalog.
        expect(other.get(key), `${locale} ${key}`).not.toMatch(/<[a-z/]/i)
      }
    })
  }

  it('fills placeholders and picks plural forms', () => {
    const t = createTranslations().translator('en')
    expect(t('login.title', { app: 'Shop' })).toBe('Sign in to Shop')
    expect(t('mfa.recoveryLeft', { count: 1 })).toBe(
      'You have 1 recovery code left. Each works once.',
    )
    expect(t('mfa.recoveryLeft', { count: 3 })).toBe(
      'You have 3 recovery codes left. Each works once.',
    )
    expect(englishOf('mfa.recoveryLeft', { count: 1 })).toBe(t('mfa.recoveryLeft', { count: 1 }))
    // A value is inserted as it is: the page's JSX escapes it, once.
    expect(t('login.title', { app: '<b>&' })).toBe('Sign in to <b>&')
  })

  it('falls back to English for a language it does not speak, and takes overrides', () => {
    const translations = createTranslations({ de: { 'login.heading': 'Willkommen' } })
    expect(translations.translator('de')('login.heading')).toBe('Willkommen')
    expect(translations.translator('en')('login.heading')).toBe('Sign in')
  })

  it('the pseudo-locale accents every letter and keeps placeholders', () => {
    expect(pseudoString('Sign in to {{app}}')).toBe('⟦Šîĝñ îñ ţö {{app}}⟧')
    const t = createTranslations().translator('en-XA')
    expect(t('login.title', { app: 'Shop' })).toBe('⟦Šîĝñ îñ ţö Shop⟧')
  })
})
