/** Each fake platform's endpoint: where the bridge delivers, and where the token rides in it. */
import type { PlatformDelivery, PlatformName } from '../../platforms/checks/index.js'

/** The path the bridge delivers to (BigCommerce and Shopify append the token to it). */
export const endpointPath: Record<PlatformName, string> = {
  thinkific: '/api/sso/v2/sso/jwt',
  zendesk: '/access/jwt',
  canny: '/api/redirects/sso',
  discourse: '/session/sso_login',
  bigcommerce: '/login/token/',
  shopify: '/account/login/multipass/',
  gitbook: '/',
  mintlify: '/login/jwt-callback',
  featurebase: '/api/v1/auth/access/jwt',
  freshworks: '/sp/OIDC/1/implicit',
  readme: '/',
  helpscout: '/authcallback',
}

const queryParam: Partial<Record<PlatformName, string>> = {
  thinkific: 'jwt',
  canny: 'ssoToken',
  gitbook: 'jwt_token',
  featurebase: 'jwt',
  freshworks: 'id_token',
  readme: 'auth_token',
  helpscout: 'token',
}

/** True when this request carries a token to the platform's endpoint (GitBook and ReadMe take it on any page). */
export function isDelivery(platform: PlatformName, url: URL): boolean {
  const param = queryParam[platform]
  if (platform === 'gitbook' || platform === 'readme')
    return param ? url.searchParams.has(param) : false
  if (platform === 'bigcommerce' || platform === 'shopify')
    return url.pathname.startsWith(endpointPath[platform])
  if (platform === 'zendesk') return url.pathname === endpointPath.zendesk
  if (platform === 'mintlify') return false // the callback page's script delivers it (fragment)
  return url.pathname === endpointPath[platform]
}

/** The token or payload a delivery carries, for the record of what the fake accepted. */
export function carried(platform: PlatformName, delivery: PlatformDelivery): string | undefined {
  const url = new URL(delivery.url)
  switch (platform) {
    case 'zendesk':
      return delivery.form?.jwt
    case 'bigcommerce':
    case 'shopify':
      return decodeURIComponent(url.pathname.slice(endpointPath[platform].length))
    case 'mintlify':
      return url.hash.replace(/^#/, '') || undefined
    case 'discourse':
      return url.searchParams.get('sso') ?? undefined
    default:
      return url.searchParams.get(queryParam[platform] ?? '') ?? undefined
  }
}
