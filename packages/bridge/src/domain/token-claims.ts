/**
 * What goes into an app's token: the registered claims and the mapped ones. The base is the
 * standard set of PRODUCT.md, or a preset's exact set; the app's `claims:` rename, add, drop.
 */
import type { App } from './apps.js'
import type { ClaimRule, ClaimSource } from './app-integration.js'
import { personNames } from './person-names.js'
import { presets, type RegisteredClaim } from './presets.js'
import type { User } from './users.js'

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

type Profile = Pick<
  User,
  'email' | 'emailVerified' | 'name' | 'givenName' | 'familyName' | 'groups' | 'picture'
>

/** The facts a user's profile gives the claims; a sign-in adds its own (idp, amr, auth_time). */
export function profileFacts(user: Profile, sub: string): ClaimFacts {
  const names = personNames(user)
  return {
    sub,
    email: user.email,
    email_verified: user.emailVerified,
    name: user.name,
    given_name: names.givenName,
    family_name: names.familyName,
    groups: user.groups,
    picture: user.picture,
    username: user.email.split('@')[0],
  }
}

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
