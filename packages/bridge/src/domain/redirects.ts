/**
 * Where the bridge may send a visitor. Callback URLs match as whole strings, exactly as
 * registered; `return_to` must resolve to one of the app's origins. No prefixes, no wildcards.
 */
import { BridgeError } from '../errors.js'
import { appOrigins, type App } from './apps.js'

export function matchRedirectUri(app: App, requested: string | undefined): string {
  if (requested === undefined) {
    const [only, ...others] = app.callbackUrls
    if (only && others.length === 0) return only
    throw new BridgeError('invalid_redirect_uri', {
      message: `app ${app.id} has several callbacks and the request named none`,
      say: { key: 'error.say.callbackNotNamed' },
    })
  }
  if (!app.callbackUrls.includes(requested)) {
    throw new BridgeError('invalid_redirect_uri', {
      message: `callback not registered for ${app.id}`,
    })
  }
  return requested
}

/** The absolute URL to return to, or undefined when none was asked for. */
export function resolveReturnTo(app: App, value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined
  let url: URL
  try {
    // Resolving against a registered callback turns `//evil` and `/\evil` into their real
    // targets, so the origin check below sees where a browser would actually go.
    url = new URL(value, app.callbackUrls[0])
  } catch {
    throw new BridgeError('invalid_return_to', { message: 'return_to is not a URL' })
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || !appOrigins(app).has(url.origin)) {
    throw new BridgeError('invalid_return_to', {
      message: `return_to outside the origins of ${app.id}`,
    })
  }
  if (url.username || url.password) {
    throw new BridgeError('invalid_return_to', { message: 'return_to carries credentials' })
  }
  return url.href
}
