import type { MiddlewareHandler } from 'hono'

/** CSP that lets scripts come only from this site and the bridge; no framing, no sniffing. */
export function securityHeaders(options: { bridgeOrigin: string }): MiddlewareHandler {
  const bridge = options.bridgeOrigin
  const csp = [
    "default-src 'self'",
    `script-src 'self' ${bridge}`,
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src 'self' ${bridge}`,
    `frame-src ${bridge}`,
    // Sign-out posts here and is then redirected to the bridge; Chrome checks form-action on redirects.
    `form-action 'self' ${bridge}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
  ].join('; ')
  return async function securityHeaders(c, next) {
    await next()
    c.res.headers.set('Content-Security-Policy', csp)
    c.res.headers.set('X-Content-Type-Options', 'nosniff')
    c.res.headers.set('X-Frame-Options', 'DENY')
    c.res.headers.set('Referrer-Policy', 'strict-origin-when-cross-origin')
  }
}
