/**
 * Featurebase: the SSO URL receives ?return_to=; the bridge answers GET
 * https://<org>.featurebase.app/api/v1/auth/access/jwt?jwt=…&return_to=…, HS256 with the JWT secret
 * (Settings › SSO); email or userId (at least one) and name.
 */
import { expiry } from './clock.js'
import { requireString } from './claim-rules.js'
import { endpointRule, methodRule, parseDelivery } from './delivery-rules.js'
import { checkJwt } from './jwt-rules.js'
import { roundTrip, roundTripFix } from './roundtrip-rules.js'
import { failed, passed, type PlatformCheck } from './types.js'

const platform = 'Featurebase'
const nonEmpty = (v: unknown) => typeof v === 'string' && v.trim() !== ''

export const checkFeaturebase: PlatformCheck = async (delivery, ctx) => {
  const { url, params } = parseDelivery(delivery)
  const results = [
    methodRule(delivery, 'GET', platform, 'Use the query delivery (the preset sets it).'),
    endpointRule(url, /^\/api\/v1\/auth\/access\/jwt\/?$/, platform, '/api/v1/auth/access/jwt'),
  ]
  const jwt = await checkJwt(
    params.get('jwt') ?? undefined,
    {
      platform,
      algorithms: ['HS256'],
      requireTyp: false,
      keyWhere: 'the JWT secret from Featurebase (Settings › SSO)',
    },
    ctx.key,
  )
  results.push(...jwt.results)
  if (jwt.claims) {
    const c = jwt.claims
    results.push(
      nonEmpty(c.email) || nonEmpty(c.userId)
        ? passed('claim.email_or_userId', 'email or userId is set')
        : failed(
            'claim.email_or_userId',
            'neither email nor userId',
            'Featurebase needs email or userId: map email (or sub to userId) in this app.',
          ),
      requireString(c, 'name', platform),
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
