/** Reads profile fields out of upstream claims, by the admin's mapping or sensible defaults. */
import type { ClaimMapping } from '../domain/connections.js'
import type { UpstreamIdentity } from '../domain/upstream-identity.js'

const defaults: Required<ClaimMapping> = {
  email: 'email',
  emailVerified: 'email_verified',
  name: 'name',
  givenName: 'given_name',
  familyName: 'family_name',
  groups: 'groups',
}

/** A claim by exact name first (URIs contain dots), then as a dotted path into objects. */
export function readClaim(claims: Record<string, unknown>, path: string): unknown {
  if (Object.hasOwn(claims, path)) return claims[path]
  let value: unknown = claims
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, part)) return undefined
    value = (value as Record<string, unknown>)[part]
  }
  return value
}

const text = (value: unknown, max = 320): string | undefined =>
  typeof value === 'string' && value.length > 0 ? value.slice(0, max) : undefined

const flag = (value: unknown): boolean | undefined =>
  value === true || value === 'true'
    ? true
    : value === false || value === 'false'
      ? false
      : undefined

function list(value: unknown): string[] | undefined {
  const values = Array.isArray(value) ? value : typeof value === 'string' ? [value] : undefined
  return values?.filter((v): v is string => typeof v === 'string').slice(0, 200)
}

export function mapClaims(
  subject: string,
  claims: Record<string, unknown>,
  mapping: ClaimMapping,
): UpstreamIdentity {
  const path = { ...defaults, ...mapping }
  const email = text(readClaim(claims, path.email), 254)
  return {
    subject,
    email,
    emailVerified: email === undefined ? undefined : flag(readClaim(claims, path.emailVerified)),
    name: text(readClaim(claims, path.name), 200),
    givenName: text(readClaim(claims, path.givenName), 100),
    familyName: text(readClaim(claims, path.familyName), 100),
    groups: list(readClaim(claims, path.groups)),
    amr: list(claims.amr),
  }
}
