/**
 * Zendesk: a form POST to https://<sub>.zendesk.com/access/jwt with jwt and return_to (GET is
 * deprecated). HS256 with the shared secret as-is, typ JWT required, iat within 3 minutes, jti
 * unique, name and email required.
 */
import { expiry, issuedAt } from './clock.js'
import { requireString } from './claim-rules.js'
import { endpointRule, methodRule, parseDelivery } from './delivery-rules.js'
import { checkJwt } from './jwt-rules.js'
import { singleUse } from './replay-rules.js'
import { roundTrip, roundTripFix } from './roundtrip-rules.js'
import type { PlatformCheck } from './types.js'

const platform = 'Zendesk'

export const checkZendesk: PlatformCheck = async (delivery, ctx) => {
  const { url, params } = parseDelivery(delivery)
  const results = [
    methodRule(
      delivery,
      'POST',
      platform,
      'Use the form_post delivery: Zendesk takes the token by form POST only.',
    ),
    endpointRule(url, /^\/access\/jwt\/?$/, platform, '/access/jwt'),
  ]
  const jwt = await checkJwt(
    delivery.form?.jwt,
    {
      platform,
      algorithms: ['HS256'],
      requireTyp: true,
      keyWhere:
        'the shared secret from Admin Center › Account › Security › Single sign-on (your JWT configuration)',
    },
    ctx.key,
  )
  results.push(...jwt.results)
  if (jwt.claims) {
    const c = jwt.claims
    results.push(
      requireString(c, 'name', platform),
      requireString(c, 'email', platform),
      issuedAt(c, ctx.now, { platform, required: true, maxAgeSeconds: 180 }),
      ...expiry(c, ctx.now, { platform, required: false }),
      singleUse('jti', c.jti, ctx, platform),
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
