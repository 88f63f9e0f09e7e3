/** Claim rules: present, of the right type, or equal to what the platform knows. */
import { failed, passed, type RuleResult } from './types.js'

type Claims = Record<string, unknown>

const claimFix = (name: string, platform: string) =>
  `${platform} requires ${name}: map it in this app's claims, or give the users a value for it.`

export function requireString(
  claims: Claims,
  name: string,
  platform: string,
  fix?: string,
): RuleResult {
  const value = claims[name]
  if (typeof value === 'string' && value.trim() !== '')
    return passed(`claim.${name}`, `${name} is set`)
  return failed(
    `claim.${name}`,
    value === undefined ? `no ${name}` : `${name} is not a non-empty string`,
    fix ?? claimFix(name, platform),
  )
}

export function requireInteger(
  claims: Claims,
  name: string,
  platform: string,
  fix?: string,
): RuleResult {
  const value = claims[name]
  if (typeof value === 'number' && Number.isInteger(value))
    return passed(`claim.${name}`, `${name} is ${value}`)
  return failed(
    `claim.${name}`,
    value === undefined ? `no ${name}` : `${name} is ${JSON.stringify(value)}, not an integer`,
    fix ?? `${platform} requires ${name} as a JSON integer (no quotes).`,
  )
}

/** Equal to a value the platform holds (BigCommerce iss = client ID); unknown expectation = presence only. */
export function requireEqual(
  claims: Claims,
  name: string,
  expected: string | undefined,
  platform: string,
  fix: string,
): RuleResult {
  const present = requireString(claims, name, platform, fix)
  if (!present.pass || expected === undefined) return present
  return claims[name] === expected
    ? passed(`claim.${name}`, `${name} matches`)
    : failed(`claim.${name}`, `${name} is not the value ${platform} expects`, fix)
}

/** Optional, but when present it must be an integer (BigCommerce channel_id). */
export function optionalInteger(
  claims: Claims,
  name: string,
  platform: string,
): RuleResult | undefined {
  return claims[name] === undefined ? undefined : requireInteger(claims, name, platform)
}
