/**
 * BigCommerce Customer Login: GET https://<store>/login/token/<JWT>. Header typ JWT and alg HS256
 * only, signed with the store-level API account's client secret; iss = client ID, iat (30 s), jti
 * once, operation customer_login, store_hash, integer customer_id; redirect_to relative. The token
 * itself is good for one GET.
 */
import { expiry, issuedAt } from './clock.js'
import { optionalInteger, requireEqual, requireInteger } from './claim-rules.js'
import { endpointRule, methodRule, parseDelivery } from './delivery-rules.js'
import { checkJwt } from './jwt-rules.js'
import { singleUse } from './replay-rules.js'
import { relativeTarget } from './roundtrip-rules.js'
import { type PlatformCheck, type RuleResult } from './types.js'

const platform = 'BigCommerce'
const tokenPath = /^\/login\/token\/([^/]+)$/

export const checkBigCommerce: PlatformCheck = async (delivery, ctx) => {
  const { url } = parseDelivery(delivery)
  const results: RuleResult[] = [
    methodRule(delivery, 'GET', platform, 'Use the path delivery (the preset sets it).'),
    endpointRule(url, tokenPath, platform, '/login/token/{token}'),
  ]
  const token = tokenPath.exec(url.pathname)?.[1]
  const jwt = await checkJwt(
    token && decodeURIComponent(token),
    {
      platform,
      algorithms: ['HS256'],
      requireTyp: true,
      keyWhere: "the client secret of the store's API account with the Customers Login scope",
    },
    ctx.key,
  )
  results.push(...jwt.results)
  if (jwt.claims) {
    const c = jwt.claims
    results.push(
      requireEqual(
        c,
        'iss',
        ctx.expected?.client_id,
        platform,
        "Set the app's BigCommerce client ID to the API account's client ID (iss must be it).",
      ),
      requireEqual(
        c,
        'operation',
        'customer_login',
        platform,
        'operation must be customer_login: keep the preset.',
      ),
      requireEqual(
        c,
        'store_hash',
        ctx.expected?.store_hash,
        platform,
        "Set the app's store hash to the store's (the part after /stores/ in its API path).",
      ),
      requireInteger(
        c,
        'customer_id',
        platform,
        "customer_id must be the store's own customer ID, a number: let the preset look the customer up by email.",
      ),
      issuedAt(c, ctx.now, { platform, required: true, maxAgeSeconds: 30 }),
      ...expiry(c, ctx.now, { platform, required: false }),
      singleUse('jti', c.jti, ctx, platform),
    )
    const channel = optionalInteger(c, 'channel_id', platform)
    if (channel) results.push(channel)
    const redirect = relativeTarget(
      'claim.redirect_to',
      typeof c.redirect_to === 'string' ? c.redirect_to : undefined,
      platform,
    )
    if (redirect) results.push(redirect)
  }
  if (token) results.push(singleUse('token', token, ctx, platform))
  return results
}
