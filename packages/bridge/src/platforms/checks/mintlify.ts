/**
 * Mintlify JWT authentication: GET https://<docs>/login/jwt-callback?redirect=/p#<JWT>, EdDSA with
 * the private key the Mintlify dashboard generates (the docs site checks with its public half). The
 * JWT's exp is short ("10 seconds or less"); expiresAt, optional, is the session end in seconds.
 * The token rides in the fragment, which only the page's own script reads.
 */
import { expiry, SKEW_SECONDS } from './clock.js'
import { endpointRule, methodRule, parseDelivery } from './delivery-rules.js'
import { checkJwt } from './jwt-rules.js'
import { relativeTarget, roundTrip, roundTripFix } from './roundtrip-rules.js'
import { failed, passed, type PlatformCheck, type RuleResult } from './types.js'

const platform = 'Mintlify'

function sessionEnd(value: unknown, nowMs: number): RuleResult {
  if (value === undefined)
    return passed('claim.expiresAt', 'no expiresAt; Mintlify keeps its default session')
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    return failed(
      'claim.expiresAt',
      'expiresAt is not whole seconds since the epoch',
      'Set expiresAt as seconds since the epoch.',
    )
  }
  if (value > 1e11) {
    return failed(
      'claim.expiresAt',
      'expiresAt looks like milliseconds',
      'Set expiresAt in seconds, not milliseconds.',
    )
  }
  return value + SKEW_SECONDS > Math.floor(nowMs / 1000)
    ? passed('claim.expiresAt', 'expiresAt is ahead')
    : failed(
        'claim.expiresAt',
        'expiresAt has passed: the session would end at once',
        "Lengthen this app's Mintlify session (expiresAt) to hours or days.",
      )
}

export const checkMintlify: PlatformCheck = async (delivery, ctx) => {
  const { url, params } = parseDelivery(delivery)
  const results: RuleResult[] = [
    methodRule(delivery, 'GET', platform, 'Use the fragment delivery (the preset sets it).'),
    endpointRule(url, /^\/login\/jwt-callback\/?$/, platform, '/login/jwt-callback'),
  ]
  const fragment = url.hash.replace(/^#/, '')
  const jwt = await checkJwt(
    fragment || undefined,
    {
      platform,
      algorithms: ['EdDSA'],
      requireTyp: false,
      keyWhere:
        'the private key generated in the Mintlify dashboard (Settings › Authentication › JWT)',
    },
    ctx.key,
  )
  results.push(...jwt.results)
  if (jwt.claims) {
    results.push(
      ...expiry(jwt.claims, ctx.now, { platform, required: true, maxLifetimeSeconds: 10 }),
      sessionEnd(jwt.claims.expiresAt, ctx.now),
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
