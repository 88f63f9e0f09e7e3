/**
 * `linkByVerifiedEmail` of an upstream connection: the ids of the other upstream connections whose
 * users a first sign-in from this one may join, when both sides have the same verified email.
 * Only pairs an admin names: the old `true` (any connection, local users included) let one
 * IdP, or whoever could edit one connection, sign in as anybody.
 */
import { z } from 'zod'
import { linkTargets } from '../domain/link-targets.js'

export const MAX_LINK_TARGETS = 20

export const LINK_BOOLEAN_MESSAGE =
  'is now the list of connections whose users this one may join, e.g. linkByVerifiedEmail: [corp]; ' +
  'true (any connection, local users included) is no longer accepted'

export const LOCAL_TARGET_MESSAGE =
  'is a local connection: linking into local (password) users is refused, ' +
  'their owners have not proven they hold this identity'

/** `false` still reads as "none" (nothing changes for it); `true` is refused with the new form. */
export function linkTargetsField(id: z.ZodType<string>) {
  return z
    .union([z.boolean(), z.array(id).max(MAX_LINK_TARGETS)])
    .optional()
    .transform((value, ctx) => {
      if (value === true) {
        ctx.addIssue({ code: 'custom', message: LINK_BOOLEAN_MESSAGE })
        return z.NEVER
      }
      return value === undefined || value === false ? [] : [...new Set(value)]
    })
}

/** A connection's own id in its list joins nothing new and only confuses: refused. */
export function checkLinkTargets(
  connection: { id: string; linkByVerifiedEmail: string[] },
  ctx: z.RefinementCtx,
) {
  connection.linkByVerifiedEmail.forEach((target, i) => {
    if (target === connection.id)
      ctx.addIssue({
        code: 'custom',
        path: ['linkByVerifiedEmail', i],
        message: 'is this connection itself',
      })
  })
}

/**
 * What decides who an upstream identity is: whom it may be linked to, whether its email counts
 * as verified, and (when it links) which claim or attribute holds the email. Changing any of it
 * needs the highest admin authority.
 */
export function emailTrustOf(connection: Record<string, unknown> | undefined) {
  if (!connection || connection.type === 'local') return undefined
  const links = linkTargets(connection)
  // Without linking, the email's source decides nothing about which user signs in.
  const source = (mapping: unknown) =>
    links.length > 0 ? ((mapping as Record<string, unknown> | undefined)?.email ?? null) : null
  return connection.type === 'saml'
    ? {
        linkByVerifiedEmail: links,
        trustEmail: connection.trustEmail === true,
        emailAttribute: source(connection.attributes),
      }
    : {
        linkByVerifiedEmail: links,
        emailVerifiedClaim:
          (connection.claims as Record<string, unknown> | undefined)?.emailVerified ?? null,
        emailClaim: source(connection.claims),
      }
}

type EmailTrust = ReturnType<typeof emailTrustOf>

/** No linking, no vouching, the standard claims: what a connection without these settings has. */
const isNeutral = (trust: EmailTrust) =>
  !trust ||
  Object.values(trust).every((v) => (Array.isArray(v) ? v.length === 0 : v === null || v === false))

/** The trust settings before and after, when they differ. */
export function emailTrustChange(
  before: Record<string, unknown> | undefined,
  after: Record<string, unknown>,
) {
  const old = emailTrustOf(before)
  const now = emailTrustOf(after)
  if (JSON.stringify(old) === JSON.stringify(now)) return undefined
  // A new connection (or one turned local) without linking or trust changes nothing that matters.
  if (isNeutral(old) && isNeutral(now)) return undefined
  return { before: old ?? null, after: now ?? null }
}

/** Stored connections that still say `linkByVerifiedEmail: true`: they link nothing now. */
export const legacyLinking = (connections: { id: string; linkByVerifiedEmail?: unknown }[]) =>
  connections.filter((c) => c.linkByVerifiedEmail === true).map((c) => c.id)
