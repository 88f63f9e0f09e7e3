/**
 * Thinkific: GET https://<school>.thinkific.com/api/sso/v2/sso/jwt?jwt=…&return_to=…&error_url=…,
 * HS256 with the API key as-is; email, first_name, last_name and iat required. Thinkific names no
 * iat window, so only a future iat (and an exp, when one is sent) fails on time.
 */
import { expiry, issuedAt } from './clock.js'
import { requireString } from './claim-rules.js'
import { endpointRule, methodRule, parseDelivery } from './delivery-rules.js'
import { checkJwt } from './jwt-rules.js'
import { roundTrip, roundTripFix } from './roundtrip-rules.js'
import type { PlatformCheck } from './types.js'

const platform = 'Thinkific'

export const checkThinkific: PlatformCheck = async (delivery, ctx) => {
  const { url, params } = parseDelivery(delivery)
  const results = [
    methodRule(delivery, 'GET', platform, 'Use the query delivery (the preset sets it).'),
    endpointRule(url, /^\/api\/sso\/v2\/sso\/jwt\/?$/, platform, '/api/sso/v2/sso/jwt'),
  ]
  const jwt = await checkJwt(
    params.get('jwt') ?? undefined,
    {
      platform,
      algorithms: ['HS256'],
      requireTyp: false,
      keyWhere:
        'the API key from Thinkific (the API section under Advanced Settings), as-is, not base64-decoded',
    },
    ctx.key,
  )
  results.push(...jwt.results)
  if (jwt.claims) {
    const c = jwt.claims
    results.push(
      requireString(c, 'email', platform),
      requireString(c, 'first_name', platform),
      requireString(
        c,
        'last_name',
        platform,
        'Thinkific requires last_name: the bridge derives it from name when the user has none; map family_name or name to it.',
      ),
      issuedAt(c, ctx.now, { platform, required: true }),
      ...expiry(c, ctx.now, { platform, required: false }),
    )
  }
  results.push(
    roundTrip(
      'return_to',
      ctx.expected?.return_to,
      params.get('return_to') ?? undefined,
      roundTripFix('return_to', platform),
    ),
  )
  return results
}
