/**
 * Help Scout restricted Docs: Docs sends the visitor to the sign-in URL with ?returnTo=<path>; the
 * bridge answers GET <site>/authcallback?token=<JWT>&returnTo=…, signed with the site's shared
 * secret as-is (Help Scout's example: HS512); sub and exp required, exp bounding the access.
 */
import { expiry } from './clock.js'
import { requireString } from './claim-rules.js'
import { endpointRule, methodRule, parseDelivery } from './delivery-rules.js'
import { checkJwt } from './jwt-rules.js'
import { relativeTarget, roundTrip, roundTripFix } from './roundtrip-rules.js'
import type { PlatformCheck, RuleResult } from './types.js'

const platform = 'Help Scout'

export const checkHelpScout: PlatformCheck = async (delivery, ctx) => {
  const { url, params } = parseDelivery(delivery)
  const results: RuleResult[] = [
    methodRule(delivery, 'GET', platform, 'Use the query delivery (the preset sets it).'),
    endpointRule(url, /^\/authcallback\/?$/, platform, '/authcallback'),
  ]
  const jwt = await checkJwt(
    params.get('token') ?? undefined,
    {
      platform,
      algorithms: ['HS512', 'HS256'],
      requireTyp: false,
      keyWhere:
        "the site's shared secret of its restricted Docs (set through the Docs API), as-is (it looks like base64; do not decode it)",
    },
    ctx.key,
  )
  results.push(...jwt.results)
  if (jwt.claims) {
    results.push(
      requireString(jwt.claims, 'sub', platform),
      ...expiry(jwt.claims, ctx.now, { platform, required: true }),
    )
  }
  const returnTo = params.get('returnTo') ?? undefined
  results.push(
    roundTrip('returnTo', ctx.expected?.returnTo, returnTo, roundTripFix('returnTo', platform)),
  )
  const target = relativeTarget('target.returnTo', returnTo, platform)
  if (target) results.push(target)
  return results
}
