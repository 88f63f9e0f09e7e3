/**
 * ReadMe custom login: ReadMe sends the visitor to the Login URL (with ?redirect=); the bridge
 * answers GET https://<hub>?auth_token=<JWT>&redirect=/page, signed with the project's JWT secret
 * (HS256); name and email required. ReadMe documents no time claims.
 */
import { expiry } from './clock.js'
import { requireString } from './claim-rules.js'
import { methodRule, parseDelivery } from './delivery-rules.js'
import { checkJwt } from './jwt-rules.js'
import { relativeTarget, roundTrip, roundTripFix } from './roundtrip-rules.js'
import type { PlatformCheck, RuleResult } from './types.js'

const platform = 'ReadMe'

export const checkReadMe: PlatformCheck = async (delivery, ctx) => {
  const { params } = parseDelivery(delivery)
  const results: RuleResult[] = [
    methodRule(delivery, 'GET', platform, 'Use the query delivery (the preset sets it).'),
  ]
  const jwt = await checkJwt(
    params.get('auth_token') ?? undefined,
    {
      platform,
      algorithms: ['HS256'],
      requireTyp: false,
      keyWhere: "the project's JWT secret from ReadMe (Project settings › Custom login)",
    },
    ctx.key,
  )
  results.push(...jwt.results)
  if (jwt.claims) {
    const c = jwt.claims
    results.push(
      requireString(c, 'name', platform),
      requireString(c, 'email', platform),
      ...expiry(c, ctx.now, { platform, required: false }),
    )
  }
  const redirect = params.get('redirect') ?? undefined
  results.push(
    roundTrip('redirect', ctx.expected?.redirect, redirect, roundTripFix('redirect', platform)),
  )
  const target = relativeTarget('target.redirect', redirect, platform)
  if (target) results.push(target)
  return results
}
