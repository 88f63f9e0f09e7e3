// The bridge's logout URL for a site's own sign-out: with the session's `sid` (from the token the
// site verified), the bridge ends its session at once; without it, it asks the visitor first.
import { VerifyError } from './verify-error.js'

export interface LogoutUrlOptions {
  /** The bridge's public URL (the tokens' `iss`). */
  bridge: string
  /** The app id (the tokens' `aud`). */
  app: string
  /** The `sid` claim of the token this visitor signed in with; keep it in your session. */
  sid?: string
  /** Where the bridge sends the visitor afterwards: an origin of the app. */
  returnTo?: string
}

const invalid = (message: string) => new VerifyError('invalid_options', message)

export function logoutUrl({ bridge, app, sid, returnTo }: LogoutUrlOptions): string {
  let base: URL
  try {
    base = new URL(bridge.endsWith('/') ? bridge : `${bridge}/`)
  } catch {
    throw invalid('bridge must be the bridge URL.')
  }
  if (base.protocol !== 'https:' && base.protocol !== 'http:') {
    throw invalid('bridge must be an http(s) URL.')
  }
  if (typeof app !== 'string' || !app) throw invalid('app must be the app id.')
  const url = new URL('logout', base)
  url.search = ''
  url.hash = ''
  url.searchParams.set('app', app)
  if (sid) url.searchParams.set('sid', sid)
  if (returnTo) url.searchParams.set('return_to', returnTo)
  return url.href
}
