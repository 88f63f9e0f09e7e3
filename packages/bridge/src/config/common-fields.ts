/**
 * Fields that several parts of the config schema share (the main schema, the SAML connection,
 * an app's integration and OIDC client settings): in their own module so that none of those
 * parts needs the main schema, which imports them all.
 */
import { z } from 'zod'
import { isLoopbackHost } from '../domain/loopback.js'

export const idPattern = /^[a-z0-9][a-z0-9-]{0,62}$/
/** The id of an app or a connection: it appears in URLs and storage keys as written. */
export const recordId = z
  .string()
  .regex(idPattern, 'must be 1-63 lowercase letters, digits or dashes')

/** Second factor for users of a connection: never, for those who enrolled, or for everyone. */
export const mfaPolicy = z.enum(['off', 'optional', 'required']).default('off')

/** An email domain an upstream connection claims, so that its users are sent to that IdP. */
export const domainName = z
  .string()
  .max(253)
  .regex(
    /^(?!-)[a-z0-9-]{1,63}(\.[a-z0-9-]{1,63})+$/,
    'must be a lowercase domain name like example.com',
  )

/** http(s) URL in canonical form; plain http only on loopback, so nothing travels in clear. */
export function webUrl(what: string, options: { allowPath: boolean }) {
  return z
    .string()
    .max(2048)
    .superRefine((value, ctx) => {
      let url: URL
      try {
        url = new URL(value)
      } catch {
        ctx.addIssue({ code: 'custom', message: `${what} must be an absolute URL` })
        return
      }
      const problem =
        url.protocol !== 'https:' && url.protocol !== 'http:'
          ? 'must use https'
          : url.protocol === 'http:' && !isLoopbackHost(url.hostname)
            ? 'must use https (plain http is allowed on localhost and 127.0.0.1 only)'
            : url.username || url.password
              ? 'must not contain a user name or password'
              : url.hash || value.includes('#')
                ? 'must not contain a fragment'
                : value.includes('*') || /%2a/i.test(value)
                  ? 'must not contain a wildcard (URLs match exactly)'
                  : !options.allowPath && (url.pathname !== '/' || url.search)
                    ? 'must be an origin without a path'
                    : undefined
      if (problem) {
        ctx.addIssue({ code: 'custom', message: `${what} ${problem}` })
        return
      }
      const canonical = options.allowPath ? url.href : url.origin
      if (canonical !== value) {
        // Redirect URIs are compared as whole strings; a non-canonical one would never match.
        ctx.addIssue({ code: 'custom', message: `${what} must be written exactly as ${canonical}` })
      }
    })
}
