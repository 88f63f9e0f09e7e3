/**
 * Canny: Canny sends the visitor to the SSO URL with companyID and redirect; the bridge answers
 * GET https://canny.io/api/redirects/sso?companyID=…&ssoToken=…&redirect=…, HS256 with the SSO
 * private key; email, id and name required. Canny documents no time claims.
 */
import { expiry } from './clock.js'
import { requireString } from './claim-rules.js'
import { endpointRule, methodRule, parseDelivery } from './delivery-rules.js'
import { checkJwt } from './jwt-rules.js'
import { roundTrip, roundTripFix } from './roundtrip-rules.js'
import type { PlatformCheck } from './types.js'

const platform = 'Canny'

export const checkCanny: PlatformCheck = async (delivery, ctx) => {
  const { url, params } = parseDelivery(delivery)
  const results = [
    methodRule(delivery, 'GET', platform, 'Use the query delivery (the preset sets it).'),
    endpointRule(url, /^\/api\/redirects\/sso\/?$/, platform, '/api/redirects/sso'),
  ]
  const jwt = await checkJwt(
    params.get('ssoToken') ?? undefined,
    {
      platform,
      algorithms: ['HS256'],
      requireTyp: false,
      keyWhere: 'the SSO private key from Canny (Settings › Single sign-on)',
    },
    ctx.key,
  )
  results.push(...jwt.results)
  if (jwt.claims) {
    const c = jwt.claims
    results.push(
      requireString(c, 'email', platform),
      requireString(c, 'id', platform),
      requireString(c, 'name', platform),
      ...expiry(c, ctx.now, { platform, required: false }),
    )
  }
  results.push(
    roundTrip(
      'companyID',
      ctx.expected?.companyID,
      params.get('companyID') ?? undefined,
      roundTripFix('companyID', platform),
    ),
    roundTrip(
      'redirect',
      ctx.expected?.redirect,
      params.get('redirect') ?? undefined,
      roundTripFix('redirect', platform),
    ),
  )
  return results
}
