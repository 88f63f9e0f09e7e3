/**
 * GitBook visitor authentication: GitBook sends the visitor to the fallback URL with ?location=;
 * the bridge answers GET <site><location>?jwt_token=<JWT>, signed with the site's visitor signing
 * key (GitBook's example: HS256, exp one hour ahead). exp is required; claims beyond it are
 * adaptive-content data.
 */
import { expiry } from './clock.js'
import { methodRule, parseDelivery } from './delivery-rules.js'
import { checkJwt } from './jwt-rules.js'
import { relativeTarget, roundTrip, roundTripFix } from './roundtrip-rules.js'
import type { PlatformCheck, RuleResult } from './types.js'

const platform = 'GitBook'

export const checkGitBook: PlatformCheck = async (delivery, ctx) => {
  const { url, params } = parseDelivery(delivery)
  const results: RuleResult[] = [
    methodRule(delivery, 'GET', platform, 'Use the query delivery (the preset sets it).'),
  ]
  const jwt = await checkJwt(
    params.get('jwt_token') ?? undefined,
    {
      platform,
      algorithms: ['HS256'],
      requireTyp: false,
      keyWhere: "the visitor signing key from the site's Audience settings",
    },
    ctx.key,
  )
  results.push(...jwt.results)
  if (jwt.claims) results.push(...expiry(jwt.claims, ctx.now, { platform, required: true }))
  // The location is where the token lands: the path and whatever query GitBook put in it.
  const rest = new URLSearchParams(url.search)
  rest.delete('jwt_token')
  const landed = url.pathname + (rest.size > 0 ? `?${rest.toString()}` : '')
  const sent = ctx.expected?.location
  results.push(
    roundTrip(
      'location',
      sent,
      sent === undefined ? undefined : landed,
      roundTripFix('location', platform),
    ),
  )
  const target = relativeTarget(
    'target.location',
    sent === undefined ? undefined : landed,
    platform,
  )
  if (target) results.push(target)
  return results
}
