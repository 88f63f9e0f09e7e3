/**
 * Time rules. Every window gets SKEW_SECONDS on top, and a timestamp may run that far ahead of the
 * platform's clock: NTP-synchronised servers stay well inside 5 s, while a wrong time zone or a
 * stopped clock (the mistakes admins make) is off by minutes or hours and still fails.
 */
import { failed, passed, type RuleResult } from './types.js'

export const SKEW_SECONDS = 5

const CLOCK_FIX =
  "The bridge's clock and the platform's disagree: synchronise the bridge host's clock (NTP) and sign in again."

const isSeconds = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v)

/** `iat` present (when required), an integer, not ahead of `now`, and no older than `maxAge` when the platform has a window. */
export function issuedAt(
  claims: Record<string, unknown>,
  nowMs: number,
  opts: { platform: string; required: boolean; maxAgeSeconds?: number },
): RuleResult {
  const iat = claims.iat
  if (iat === undefined) {
    return opts.required
      ? failed(
          'clock.iat',
          `no iat: ${opts.platform} requires the time the token was issued`,
          'Turn on the iat claim for this app (the preset sets it).',
        )
      : passed('clock.iat', 'no iat; not required')
  }
  if (!isSeconds(iat)) {
    return failed(
      'clock.iat',
      'iat is not a whole number of seconds since the epoch',
      'Set iat as seconds since the epoch (an integer), not milliseconds or a date string.',
    )
  }
  const now = Math.floor(nowMs / 1000)
  if (iat > now + SKEW_SECONDS) {
    return failed('clock.iat', `iat is ${iat - now} s in the future`, CLOCK_FIX)
  }
  const age = now - iat
  if (opts.maxAgeSeconds !== undefined && age > opts.maxAgeSeconds + SKEW_SECONDS) {
    return failed(
      'clock.iat',
      `iat is ${age} s old; ${opts.platform} accepts a token for ${opts.maxAgeSeconds} s`,
      `${CLOCK_FIX} Deliver the token as soon as it is made: it must not wait in a queue or a page.`,
    )
  }
  return passed('clock.iat', `iat is ${age} s old`)
}

/** `exp` present (when required), not past; with `maxLifetimeSeconds`, also not too far ahead. */
export function expiry(
  claims: Record<string, unknown>,
  nowMs: number,
  opts: { platform: string; required: boolean; maxLifetimeSeconds?: number },
): RuleResult[] {
  const exp = claims.exp
  if (exp === undefined) {
    return [
      opts.required
        ? failed(
            'clock.exp',
            `no exp: ${opts.platform} requires an expiry`,
            'Turn on the exp claim for this app (the preset sets it).',
          )
        : passed('clock.exp', 'no exp; not required'),
    ]
  }
  if (!isSeconds(exp)) {
    return [
      failed(
        'clock.exp',
        'exp is not a whole number of seconds since the epoch',
        'Set exp as seconds since the epoch (an integer), not milliseconds or a date string.',
      ),
    ]
  }
  const now = Math.floor(nowMs / 1000)
  if (exp + SKEW_SECONDS <= now) {
    return [
      failed(
        'clock.exp',
        `exp passed ${now - exp} s ago`,
        `${CLOCK_FIX} If the clocks agree, lengthen the token lifetime.`,
      ),
    ]
  }
  const results = [passed('clock.exp', `exp is ${exp - now} s ahead`)]
  if (opts.maxLifetimeSeconds !== undefined) {
    const ahead = exp - now
    results.push(
      ahead > opts.maxLifetimeSeconds + SKEW_SECONDS
        ? failed(
            'lifetime.exp',
            `exp is ${ahead} s ahead; ${opts.platform} wants at most ${opts.maxLifetimeSeconds} s`,
            `Shorten this app's token lifetime to ${opts.maxLifetimeSeconds} s or less.`,
          )
        : passed('lifetime.exp', `exp is within ${opts.maxLifetimeSeconds} s`),
    )
  }
  return results
}

/** An ISO 8601 timestamp (Shopify's created_at) no older than the window and not ahead. */
export function isoTimestamp(
  rule: string,
  value: unknown,
  nowMs: number,
  opts: { platform: string; maxAgeSeconds: number },
): RuleResult {
  const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/
  if (typeof value !== 'string' || !iso.test(value) || Number.isNaN(Date.parse(value))) {
    return failed(
      rule,
      'not an ISO 8601 timestamp with a time zone',
      'Send the current time as ISO 8601 with its offset, e.g. 2026-12-03T10:00:00Z.',
    )
  }
  const ageSeconds = Math.round((nowMs - Date.parse(value)) / 1000)
  if (ageSeconds < -SKEW_SECONDS) return failed(rule, `${-ageSeconds} s in the future`, CLOCK_FIX)
  if (ageSeconds > opts.maxAgeSeconds + SKEW_SECONDS) {
    return failed(
      rule,
      `${ageSeconds} s old; ${opts.platform} accepts ${opts.maxAgeSeconds} s`,
      CLOCK_FIX,
    )
  }
  return passed(rule, `${ageSeconds} s old`)
}
