import { describe, expect, it } from 'vitest'
import { ConfigError, parseConfig } from './load-config.js'
import { testConfig, testEnv } from '../testing/bridge-fixture.js'

const parse = (strings: unknown) => parseConfig(testConfig({ strings }), testEnv)
const refusal = (strings: unknown) => {
  try {
    parse(strings)
    return 'accepted'
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    return error.message
  }
}

describe('config strings:', () => {
  it('takes catalog keys per language, plural forms included', () => {
    const config = parse({
      de: { 'login.heading': 'Anmelden', 'mfa.recoveryLeft_one': 'Noch {{count}} Code.' },
      ja: { 'login.title': '{{app}} にログイン' },
    })
    expect(config.strings?.de?.['login.heading']).toBe('Anmelden')
  })

  it('refuses an unknown language, an unknown key, a foreign placeholder and an empty text', () => {
    expect(refusal({ xx: { 'login.heading': 'x' } })).toMatch(/strings\.xx|strings: /)
    expect(refusal({ de: { 'login.headline': 'x' } })).toMatch(/no string "login\.headline"/)
    expect(refusal({ de: { 'login.title': 'Hallo {{user}}' } })).toMatch(
      /\{\{user\}\} is not a placeholder of "login\.title" \(it has: app\)/,
    )
    expect(refusal({ de: { 'login.heading': '' } })).toMatch(/strings\.de\.login\.heading/)
    expect(refusal({ de: { 'login.heading': 'x'.repeat(1001) } })).toMatch(/login\.heading/)
  })
})
