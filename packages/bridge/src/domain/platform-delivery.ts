/**
 * Exactly what the browser takes to a preset app's platform: the URL with the token where the
 * platform reads it (query, path, fragment, or the reply URL its request named) and what its round
 * trip wants back. The same object is what the contract check runs the platform's rules on.
 */
import type { PlatformDelivery } from '../platforms/checks/types.js'
import type { App } from './apps.js'
import type { PlatformRequest } from './platform-request.js'
import { presets } from './presets.js'

export type { PlatformDelivery }

/** What the delivery needs of the sign-in: where it goes and what the platform sent. */
export interface PlatformTarget {
  redirectUri: string
  state?: string
  /** An absolute return target checked at /authorize (request.returnTo of apps without presets). */
  returnTo?: string
  platform?: PlatformRequest
}

const withSlash = (url: string) => (url.endsWith('/') ? url : `${url}/`)

/**
 * GitBook's fallback URL answers onto the page asked for: the site's URL plus the location, or,
 * when the location already names the site's own path, the site's origin plus it.
 */
function gitbookPage(site: string, location: string): string {
  const url = new URL(site)
  const sitePath = url.pathname.replace(/\/+$/, '')
  if (sitePath && (location === sitePath || location.startsWith(`${sitePath}/`)))
    return url.origin + location
  return site.replace(/\/+$/, '') + location
}

export function platformDelivery(
  app: App & { preset: NonNullable<App['preset']> },
  target: PlatformTarget,
  token: string,
): PlatformDelivery {
  const preset = presets[app.preset]
  const request = target.platform ?? {}
  const returnTo = request.target ?? target.returnTo
  switch (preset.delivery) {
    case 'path':
      // The token goes into the query of the landing page (BigCommerce redirect_to, Shopify
      // return_to) inside itself; the URL only carries it.
      return { method: 'GET', url: withSlash(target.redirectUri) + token }
    case 'fragment': {
      // Only the platform's page script reads a fragment: the token never reaches a server log.
      const url = new URL(target.redirectUri)
      if (returnTo !== undefined && preset.returnTo)
        url.searchParams.set(preset.returnTo.param, returnTo)
      url.hash = token
      return { method: 'GET', url: url.href }
    }
    case 'reply': {
      const url = new URL(request.replyTo ?? target.redirectUri)
      for (const [name, value] of new URLSearchParams(token)) url.searchParams.set(name, value)
      return { method: 'GET', url: url.href }
    }
    case 'form_post': {
      const form: Record<string, string> = { [preset.tokenParam ?? 'jwt']: token }
      if (returnTo !== undefined && preset.returnTo) form[preset.returnTo.param] = returnTo
      return { method: 'POST', url: target.redirectUri, form }
    }
    case 'query': {
      const base =
        app.preset === 'gitbook' && returnTo !== undefined
          ? gitbookPage(target.redirectUri, returnTo)
          : target.redirectUri
      const url = new URL(base)
      const params = url.searchParams
      for (const [name, value] of Object.entries(request.echo ?? {})) params.set(name, value)
      if (target.state !== undefined) params.set('state', target.state)
      params.set(preset.tokenParam ?? 'jwt', token)
      if (returnTo !== undefined && preset.returnTo && app.preset !== 'gitbook')
        params.set(preset.returnTo.param, returnTo)
      if (app.errorUrl) params.set('error_url', app.errorUrl)
      return { method: 'GET', url: url.href }
    }
  }
}
