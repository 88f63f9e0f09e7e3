/**
 * Freshworks custom JWT SSO (implicit-style): Freshworks sends the visitor to the authorization URL
 * with state, nonce and redirect_uri; the bridge answers GET <redirect_uri>?state=…&id_token=<JWT>,
 * RS256 with the bridge's private key (the admin pastes the public key into Freshworks). sub, email,
 * iat and the nonce Freshworks sent are required; Freshworks names no iat window.
 */
import { expiry, issuedAt } from './clock.js'
import { requireString } from './claim-rules.js'
import { methodRule, parseDelivery } from './delivery-rules.js'
import { checkJwt } from './jwt-rules.js'
import { singleUse } from './replay-rules.js'
import { roundTrip, roundTripFix } from './roundtrip-rules.js'
import type { PlatformCheck, RuleResult } from './types.js'

const platform = 'Freshworks'

export const checkFreshworks: PlatformCheck = async (delivery, ctx) => {
  const { url, params } = parseDelivery(delivery)
  const results: RuleResult[] = [
    methodRule(delivery, 'GET', platform, 'Use the query delivery (the preset sets it).'),
  ]
  const sentRedirect = ctx.expected?.redirect_uri
  results.push(
    roundTrip(
      'redirect_uri',
      sentRedirect,
      sentRedirect === undefined ? undefined : url.origin + url.pathname,
      roundTripFix('redirect_uri', platform),
    ),
  )
  const jwt = await checkJwt(
    params.get('id_token') ?? undefined,
    {
      platform,
      algorithms: ['RS256'],
      requireTyp: false,
      keyWhere:
        "the bridge's public key for this app into Freshworks (Security › SSO › Custom JWT), or the matching private key",
    },
    ctx.key,
  )
  results.push(...jwt.results)
  if (jwt.claims) {
    const c = jwt.claims
    results.push(
      requireString(c, 'sub', platform),
      requireString(c, 'email', platform),
      issuedAt(c, ctx.now, { platform, required: true }),
      ...expiry(c, ctx.now, { platform, required: false }),
      requireString(
        c,
        'nonce',
        platform,
        'Freshworks requires the nonce it sent: start the sign-in from Freshworks.',
      ),
      roundTrip(
        'nonce',
        ctx.expected?.nonce,
        typeof c.nonce === 'string' ? c.nonce : undefined,
        roundTripFix('nonce', platform),
      ),
    )
  }
  const state = params.get('state') ?? undefined
  results.push(roundTrip('state', ctx.expected?.state, state, roundTripFix('state', platform)))
  if (state !== undefined) results.push(singleUse('state', state, ctx, platform))
  return results
}
