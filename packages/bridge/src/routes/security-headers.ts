/**
 * Security headers for every response. HTML pages get a CSP whose only inline style and script
 * carry this response's nonce; everything else is refused, framing included.
 */
import type { MiddlewareHandler } from 'hono'
import { randomToken } from '../domain/random-token.js'
import { brandImageOrigins } from '../views/brand.js'
import { pageCsp, withImgSrc } from '../views/content-security-policy.js'
import type { BridgeEnv } from './env.js'

export function securityHeaders(): MiddlewareHandler<BridgeEnv> {
  return async function securityHeadersMiddleware(c, next) {
    const nonce = randomToken(16)
    c.set('nonce', nonce)
    c.set('formAction', [])
    await next()
    const headers = c.res.headers
    if (!headers.has('Content-Security-Policy')) {
      const csp = pageCsp(nonce, c.get('formAction'))
      // A page of an app whose logo is an https URL shows that image (views/brand.tsx).
      const app = c.get('pageHints')?.app
      headers.set('Content-Security-Policy', app ? withImgSrc(csp, brandImageOrigins(app)) : csp)
    }
    headers.set('X-Content-Type-Options', 'nosniff')
    headers.set('X-Frame-Options', 'DENY')
    // same-origin by default, not no-referrer: with no-referrer browsers send `Origin: null` on
    // our own form posts, and the login form's Origin check needs the real one. Pages that leave
    // the bridge (the form_post page) set no-referrer themselves.
    if (!headers.has('Referrer-Policy')) headers.set('Referrer-Policy', 'same-origin')
    if (!headers.has('Cache-Control')) headers.set('Cache-Control', 'no-store')
  }
}
