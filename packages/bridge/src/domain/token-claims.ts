/**
 * What goes into an app's token: the registered claims and the mapped ones. The base is the
 * standard set of PRODUCT.md, or a preset's exact set; the app's `claims:` rename, add, drop.
 */
import type { App } from './apps.js'
import type { ClaimRule, ClaimSource } from './app-integration.js'
import { presets, type RegisteredClaim } from './presets.js'

const allRegistered: RegisteredClaim[] = ['iss', 'aud', 'sub', 'iat', 'exp', 'jti', 'nonce']

/** Names the claim mapping may not set: the bridge owns them (and `sid`, for logout). */
export const reservedClaims = new Set<string>([...allRegistered, 'nbf', 'sid', 'events'])

const standardClaims: Record<string, ClaimRule> = {
  auth_time: { from: ['auth_time'] },
  amr: { from: ['amr'] },
  email: { from: ['email'] },
  email_verified: { from: ['email_verified'] },
  name: { from: ['name'] },
  given_name: { from: ['given_name'] },
  family_name: { from: ['family_name'] },
  idp: { from: ['idp'] },
}

export interface TokenShape {
  registered: ReadonlySet<RegisteredClaim>
  claims: [string, NonNullable<ClaimRule>][]
}

export function tokenShape(app: Pick<App, 'preset' | 'claims'>): TokenShape {
  const preset = app.preset ? presets[app.preset] : undefined
  const merged: Record<string, ClaimRule> = { ...(preset?.claims ?? standardClaims), ...app.claims }
  return {
    registered: new Set(preset?.registered ?? allRegistered),
    claims: Object.entries(merged).filter(
      (entry): entry is [string, NonNullable<ClaimRule>] => entry[1] !== null,
    ),
  }
}

/** The values claims are made of; undefined means the user has none. */
export type ClaimFacts = Partial<Record<ClaimSource, unknown>>

export function mappedClaims(shape: TokenShape, facts: ClaimFacts): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [name, rule] of shape.claims) {
    if ('value' in rule) {
      out[name] = rule.value
      continue
    }
    const value = rule.from.map((source) => facts[source]).find(present)
    if (value !== undefined) out[name] = value
  }
  return out
}

const present = (value: unknown) =>
  value !== undefined && value !== null && value !== '' && !(Array.isArray(value) && !value.length)
