/**
 * How each fake platform answers: where an accepted visitor lands, and what a refused one sees,
 * as far as the platforms document it. Where a platform documents no error page, the fake shows
 * a 401 page naming the failed rules, so a test (or a person) sees why.
 */
import type { PlatformName, RuleResult } from '../../platforms/checks/index.js'

export interface Answer {
  status: number
  location?: string
  body?: string
}

export const platformLabel: Record<PlatformName, string> = {
  thinkific: 'Thinkific',
  zendesk: 'Zendesk',
  canny: 'Canny',
  discourse: 'Discourse',
  bigcommerce: 'BigCommerce',
  shopify: 'Shopify',
  gitbook: 'GitBook',
  mintlify: 'Mintlify',
  featurebase: 'Featurebase',
  freshworks: 'Freshworks',
  readme: 'ReadMe',
  helpscout: 'Help Scout',
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

export const page = (title: string, text: string) =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${escape(title)}</title></head><body><h1>${escape(title)}</h1><p>${escape(text)}</p></body></html>`

/** A path on the fake itself: a return target elsewhere is never followed. */
export function onSite(origin: string, target: string | undefined, fallback: string): string {
  if (!target) return fallback
  try {
    const url = new URL(target, origin)
    return url.origin === origin ? url.pathname + url.search : fallback
  } catch {
    return fallback
  }
}

/** Where the platform sends a visitor it signed in. */
export function acceptedLanding(
  platform: PlatformName,
  origin: string,
  claims: Record<string, unknown>,
  params: URLSearchParams,
  landing: string | undefined,
): string {
  switch (platform) {
    case 'bigcommerce':
      return onSite(origin, claims.redirect_to as string | undefined, '/account.php')
    case 'shopify':
      return onSite(origin, claims.return_to as string | undefined, '/account')
    case 'zendesk':
    case 'thinkific':
    case 'featurebase':
      return onSite(origin, params.get('return_to') ?? undefined, '/')
    case 'canny':
    case 'mintlify':
    case 'readme':
      return onSite(origin, params.get('redirect') ?? undefined, '/')
    case 'helpscout':
      return onSite(origin, params.get('returnTo') ?? undefined, '/')
    case 'gitbook':
    case 'discourse':
    case 'freshworks':
      // GitBook serves the page the token came to; Discourse and Freshworks keep the return path.
      return onSite(origin, landing, '/')
  }
}

/** What the platform does with a delivery it refuses. */
export function refusal(
  platform: PlatformName,
  failedRules: RuleResult[],
  params: URLSearchParams,
  account: Record<string, string>,
): Answer {
  const message = failedRules.map((r) => `${r.rule}: ${r.detail}`).join('; ')
  switch (platform) {
    case 'bigcommerce':
      // "a sign in attempt error message will be displayed and you will be directed to /login.php"
      return { status: 302, location: '/login.php?action=invalid_login' }
    case 'shopify':
      return { status: 302, location: '/account/login?multipass=invalid' }
    case 'zendesk': {
      // Zendesk sends errors to the remote login URL as ?kind=error&message=
      const remote = account.remote_login_url
      if (remote) {
        const url = new URL(remote)
        url.searchParams.set('kind', 'error')
        url.searchParams.set('message', message)
        return { status: 302, location: url.href }
      }
      return { status: 401, body: page('Zendesk: sign-in failed', message) }
    }
    case 'thinkific': {
      // error_url, else return_to, else a Thinkific page
      const back = params.get('error_url') ?? params.get('return_to')
      if (back) return { status: 302, location: back }
      return { status: 401, body: page('Thinkific: sign-in failed', message) }
    }
    case 'discourse':
      return { status: 422, body: page('Discourse: login error', message) }
    default:
      return { status: 401, body: page(`${platformLabel[platform]}: sign-in failed`, message) }
  }
}
