/** Values the platform sent when the sign-in started, and the return targets it will follow. */
import { failed, passed, type RuleResult } from './types.js'

/** The value came back unchanged; when the platform sent none, nothing is owed. */
export function roundTrip(
  name: string,
  sent: string | undefined,
  got: string | undefined,
  fix: string,
): RuleResult {
  if (sent === undefined) {
    return got === undefined
      ? passed(`roundtrip.${name}`, `the platform sent no ${name}`)
      : passed(`roundtrip.${name}`, `${name} present; the sign-in did not start at the platform`)
  }
  if (got === undefined) return failed(`roundtrip.${name}`, `${name} did not come back`, fix)
  return got === sent
    ? passed(`roundtrip.${name}`, `${name} came back unchanged`)
    : failed(`roundtrip.${name}`, `${name} came back changed`, fix)
}

/** A relative path on the platform's own site: the form every platform here takes for a return target. */
export function relativeTarget(
  rule: string,
  value: string | undefined,
  platform: string,
): RuleResult | undefined {
  if (value === undefined || value === '') return undefined
  const relative = value.startsWith('/') && !value.startsWith('//') && !value.includes('\\')
  return relative
    ? passed(rule, 'a path on the platform')
    : failed(
        rule,
        'not a path on the platform (a full URL or //host)',
        `${platform} only returns visitors to its own pages: send the path it gave, unchanged.`,
      )
}

export const roundTripFix = (name: string, platform: string) =>
  `Send back the ${name} that ${platform} sent, unchanged: start the sign-in from ${platform} and keep this app's preset.`
