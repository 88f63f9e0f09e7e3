/**
 * How each fake platform starts a sign-in: the parameters it sends the visitor to the bridge
 * with, and the values it keeps to check what comes back.
 */
import { createHmac, randomBytes } from 'node:crypto'
import type { PlatformName } from '../../platforms/checks/index.js'

export interface RoundTrip {
  /** Appended to the bridge's sign-in URL. */
  params: Record<string, string>
  /** What the platform keeps: becomes `ctx.expected` for the delivery that answers it. */
  expected: Record<string, string>
  /** Where the visitor lands on the fake after signing in. */
  landing: string
}

const random = () => randomBytes(16).toString('hex')

export function startRoundTrip(
  platform: PlatformName,
  fake: { origin: string; key: string; account: Record<string, string> },
  target: string,
  now: number,
): RoundTrip {
  const full = fake.origin + target
  const simple = (name: string, value: string): RoundTrip => ({
    params: { [name]: value },
    expected: { [name]: value },
    landing: target,
  })
  switch (platform) {
    case 'discourse': {
      const nonce = random()
      const returnSsoUrl = `${fake.origin}/session/sso_login`
      const payload = new URLSearchParams({ nonce, return_sso_url: returnSsoUrl }).toString()
      const sso = Buffer.from(payload).toString('base64')
      const sig = createHmac('sha256', fake.key).update(sso).digest('hex')
      return {
        params: { sso, sig },
        expected: { nonce, nonce_issued_at: String(now), return_sso_url: returnSsoUrl },
        landing: target,
      }
    }
    case 'freshworks': {
      const state = random()
      const nonce = random()
      const redirectUri = `${fake.origin}/sp/OIDC/1/implicit`
      return {
        params: {
          client_id: fake.account.client_id ?? 'freshworks-fake',
          redirect_uri: redirectUri,
          response_type: 'id_token',
          scope: 'openid email profile',
          state,
          nonce,
        },
        expected: { state, nonce, redirect_uri: redirectUri },
        landing: target,
      }
    }
    case 'canny': {
      const companyID = fake.account.companyID ?? 'fake-company'
      return {
        params: { companyID, redirect: full },
        expected: { companyID, redirect: full },
        landing: target,
      }
    }
    case 'zendesk':
      // Zendesk also sends brand_id and locale_id; the bridge ignores them, as does the check.
      return {
        ...simple('return_to', full),
        params: { return_to: full, brand_id: '1', locale_id: '1' },
      }
    case 'thinkific':
    case 'featurebase':
      return simple('return_to', full)
    case 'helpscout':
      return simple('returnTo', target)
    case 'gitbook':
      return simple('location', target)
    case 'mintlify':
    case 'readme':
      return simple('redirect', target)
    case 'bigcommerce':
    case 'shopify':
      // Neither sends the visitor to the bridge first: the sign-in starts at the bridge.
      return { params: {}, expected: {}, landing: target }
  }
}

/** The value that ties a delivery to the round trip it answers, where the platform has one. */
export function roundTripKey(platform: PlatformName, params: URLSearchParams): string | undefined {
  if (platform === 'freshworks') return params.get('state') ?? undefined
  if (platform === 'discourse') {
    const sso = params.get('sso')
    if (!sso) return undefined
    return (
      new URLSearchParams(Buffer.from(sso, 'base64').toString('utf8')).get('nonce') ?? undefined
    )
  }
  return undefined
}

export const keyOf = (platform: PlatformName, trip: RoundTrip) =>
  platform === 'freshworks'
    ? trip.expected.state
    : platform === 'discourse'
      ? trip.expected.nonce
      : undefined
