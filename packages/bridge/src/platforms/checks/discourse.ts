/**
 * DiscourseConnect: Discourse signs nonce and return_sso_url into `sso` (base64) with `sig` (hex
 * HMAC-SHA256); the bridge answers GET <return_sso_url>?sso=…&sig=… with nonce, external_id and
 * email. As Discourse's session controller does: sso only in standard base64, sig compared as the
 * exact lowercase hex, the nonce the one it issued (10 minutes, once), external_id not blank or a
 * placeholder, booleans spelled "true"/"false".
 */
import { decodeDiscourseResponse, DiscourseConnectError } from '../discourse-connect.js'
import { endpointRule, methodRule, parseDelivery } from './delivery-rules.js'
import { singleUse } from './replay-rules.js'
import { roundTrip, roundTripFix } from './roundtrip-rules.js'
import { SKEW_SECONDS } from './clock.js'
import { failed, passed, type PlatformCheck, type RuleResult } from './types.js'

const platform = 'Discourse'
const NONCE_SECONDS = 600
const booleanFields = [
  'admin',
  'moderator',
  'require_activation',
  'suppress_welcome_message',
  'suppress_email',
]
const placeholderIds = new Set(['none', 'nil', 'blank', 'null'])

export const checkDiscourse: PlatformCheck = async (delivery, ctx) => {
  const { url, params } = parseDelivery(delivery)
  const results: RuleResult[] = [
    methodRule(
      delivery,
      'GET',
      platform,
      'Use the DiscourseConnect delivery (the preset sets it).',
    ),
    endpointRule(url, /^\/session\/sso_login\/?$/, platform, '/session/sso_login'),
  ]
  const sso = params.get('sso') ?? ''
  const sig = params.get('sig') ?? ''
  if (!/^[A-Za-z0-9=\r\n/+]+$/.test(sso)) {
    results.push(
      failed(
        'format.sso',
        'sso is missing or not standard base64',
        'Keep the preset: Discourse takes sso in standard base64, never URL-safe.',
      ),
    )
    return results
  }
  results.push(passed('format.sso', 'sso is standard base64'))
  let fields: Record<string, string>
  try {
    fields = decodeDiscourseResponse(sso, sig, ctx.key)
    results.push(passed('signature', 'sig is the HMAC-SHA256 of sso'))
  } catch (error) {
    const reason = error instanceof DiscourseConnectError ? error.reason : undefined
    if (reason === 'missing_nonce') {
      results.push(
        passed('signature', 'sig is the HMAC-SHA256 of sso'),
        failed('roundtrip.nonce', 'the payload has no nonce', roundTripFix('nonce', platform)),
      )
      return results
    }
    results.push(
      reason === 'bad_signature'
        ? failed(
            'signature',
            'sig is not the HMAC-SHA256 of sso under the site secret',
            "The platform's secret differs from the one in the bridge: paste the discourse_connect_secret site setting (Admin › Settings › Login) into this app's secret in the bridge.",
          )
        : failed(
            'format.sso',
            'the payload does not decode as a query string',
            'Keep the preset: the payload is a URL-encoded query string, then base64.',
          ),
    )
    return results
  }
  const nonce = fields.nonce
  results.push(roundTrip('nonce', ctx.expected?.nonce, nonce, roundTripFix('nonce', platform)))
  results.push(singleUse('nonce', nonce, ctx, platform))
  const issuedAt = Number(ctx.expected?.nonce_issued_at)
  if (ctx.expected?.nonce_issued_at !== undefined && Number.isFinite(issuedAt)) {
    const age = Math.round((ctx.now - issuedAt) / 1000)
    results.push(
      age > NONCE_SECONDS + SKEW_SECONDS
        ? failed(
            'clock.nonce',
            `the nonce is ${age} s old; Discourse keeps it ${NONCE_SECONDS} s`,
            'The sign-in took longer than Discourse allows: sign in again from Discourse.',
          )
        : passed('clock.nonce', `the nonce is ${age} s old`),
    )
  }
  const id = fields.external_id?.trim() ?? ''
  results.push(
    id === '' || placeholderIds.has(id.toLowerCase())
      ? failed(
          'claim.external_id',
          id === '' ? 'no external_id' : `external_id is the placeholder "${id}"`,
          "Discourse requires a stable external_id: map the user's sub to it.",
        )
      : passed('claim.external_id', 'external_id is set'),
    fields.email?.includes('@')
      ? passed('claim.email', 'email is set')
      : failed(
          'claim.email',
          'no email',
          'Discourse requires email: give the users an email or map one.',
        ),
  )
  const badBooleans = booleanFields.filter(
    (f) => fields[f] !== undefined && fields[f] !== 'true' && fields[f] !== 'false',
  )
  results.push(
    badBooleans.length === 0
      ? passed('format.booleans', 'booleans are "true" or "false"')
      : failed(
          'format.booleans',
          `${badBooleans.join(', ')} not "true"/"false"`,
          'Set these fields to the text true or false.',
        ),
  )
  return results
}
