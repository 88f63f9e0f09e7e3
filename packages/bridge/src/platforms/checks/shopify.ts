/**
 * Shopify Multipass: GET https://<shop>.myshopify.com/account/login/multipass/<token>, the token
 * AES-128-CBC + HMAC-SHA256 under keys derived from the Multipass secret; email and created_at
 * (ISO 8601) required; valid 15 minutes and once.
 */
import { decodeMultipass, MultipassError } from '../shopify-multipass.js'
import { isoTimestamp } from './clock.js'
import { requireString } from './claim-rules.js'
import { endpointRule, methodRule, parseDelivery } from './delivery-rules.js'
import { singleUse } from './replay-rules.js'
import { roundTrip, roundTripFix } from './roundtrip-rules.js'
import { failed, passed, type PlatformCheck, type RuleResult } from './types.js'

const platform = 'Shopify'
const tokenPath = /^\/account\/login\/multipass\/([^/]+)$/

export const checkShopify: PlatformCheck = async (delivery, ctx) => {
  const { url } = parseDelivery(delivery)
  const results: RuleResult[] = [
    methodRule(delivery, 'GET', platform, 'Use the path delivery (the preset sets it).'),
    endpointRule(url, tokenPath, platform, '/account/login/multipass/{token}'),
  ]
  const token = tokenPath.exec(url.pathname)?.[1]
  if (!token) return results
  let customer: Record<string, unknown>
  try {
    customer = decodeMultipass(decodeURIComponent(token), ctx.key)
    results.push(passed('signature', 'the HMAC holds under the Multipass secret'))
  } catch (error) {
    const bad = error instanceof MultipassError && error.reason === 'bad_signature'
    results.push(
      bad
        ? failed(
            'signature',
            "the token's HMAC does not hold under the Multipass secret",
            "The platform's secret differs from the one in the bridge: paste the Multipass secret (Settings › Customer accounts › Multipass) into this app's secret in the bridge.",
          )
        : failed(
            'format.token',
            'not a Multipass token (URL-safe base64 of IV, ciphertext and HMAC)',
            'The token was cut or re-encoded on the way: keep the preset.',
          ),
    )
    return results
  }
  results.push(
    requireString(customer, 'email', platform),
    isoTimestamp('clock.created_at', customer.created_at, ctx.now, {
      platform,
      maxAgeSeconds: 900,
    }),
    singleUse('token', token, ctx, platform),
    roundTrip(
      'return_to',
      ctx.expected?.return_to,
      typeof customer.return_to === 'string' ? customer.return_to : undefined,
      roundTripFix('return_to', platform),
    ),
  )
  return results
}
