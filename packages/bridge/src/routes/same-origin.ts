import type { Context } from 'hono'
import { BridgeError } from '../errors.js'

/** Browsers send Origin on form posts; one from elsewhere (or `null`) is a cross-site forgery. */
export function assertSameOrigin(c: Context, issuer: string): void {
  const origin = c.req.header('Origin')
  if (origin && origin !== new URL(issuer).origin) {
    throw new BridgeError('csrf_failed', {
      reason: 'cross_origin_post',
      message: 'form posted from another origin',
    })
  }
}
