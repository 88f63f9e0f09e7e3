import { describe, expect, it } from 'vitest'
import { fromAcceptLanguage, fromUiLocales, matchLocale, negotiateLocale } from './locales.js'

describe('the language of a page', () => {
  it('matches a tag by its language, the pseudo-locale exactly', () => {
    expect(matchLocale('de-AT')).toBe('de')
    expect(matchLocale('JA')).toBe('ja')
    expect(matchLocale('en-XA')).toBe('en-XA')
    expect(matchLocale('pt-BR')).toBeUndefined()
    for (const bad of ['', 'de_DE', 'x'.repeat(40), 'de-', '<script>', 'de-AT-' + 'a'.repeat(9)])
      expect(matchLocale(bad), bad).toBeUndefined()
  })

  it('takes the first ui_locales tag it speaks', () => {
    expect(fromUiLocales('pt-BR fr-CA de')).toBe('fr')
    expect(fromUiLocales('  es  ')).toBe('es')
    expect(fromUiLocales('zz xx')).toBeUndefined()
    expect(fromUiLocales(undefined)).toBeUndefined()
  })

  it('ranks Accept-Language by weight, then order, skipping q=0 and what it cannot read', () => {
    expect(fromAcceptLanguage('pt;q=1, de;q=0.5, fr;q=0.8')).toBe('fr')
    expect(fromAcceptLanguage('ja, en;q=0.9')).toBe('ja')
    expect(fromAcceptLanguage('fr;q=0, es')).toBe('es')
    expect(fromAcceptLanguage('*')).toBeUndefined()
    expect(fromAcceptLanguage('de;q=abc')).toBe('de')
    expect(fromAcceptLanguage(`${'xx,'.repeat(2000)}de`)).toBeUndefined()
  })

  it('prefers ui_locales, then Accept-Language, then the app, then English', () => {
    expect(negotiateLocale({ uiLocales: 'ja', acceptLanguage: 'de', appDefault: 'fr' })).toBe('ja')
    expect(negotiateLocale({ uiLocales: 'zz', acceptLanguage: 'de', appDefault: 'fr' })).toBe('de')
    expect(negotiateLocale({ acceptLanguage: 'pt', appDefault: 'fr' })).toBe('fr')
    expect(negotiateLocale({})).toBe('en')
  })
})
