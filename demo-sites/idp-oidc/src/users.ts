/** The demo IdP's people: an email, a password and the claims it releases about them. */
import { timingSafeEqual } from 'node:crypto'

export interface DemoIdpUser {
  /** The stable `sub`. */
  id: string
  email: string
  emailVerified: boolean
  name: string
  givenName: string
  familyName: string
  password: string
  groups?: string[]
}

export function findUser(users: DemoIdpUser[], email: string): DemoIdpUser | undefined {
  return users.find((u) => u.email.toLowerCase() === email.trim().toLowerCase())
}

export function passwordMatches(user: DemoIdpUser, password: string): boolean {
  const a = Buffer.from(user.password)
  const b = Buffer.from(password)
  return a.length === b.length && timingSafeEqual(a, b)
}

export function claimsOf(user: DemoIdpUser): { sub: string; [claim: string]: unknown } {
  return {
    sub: user.id,
    email: user.email,
    email_verified: user.emailVerified,
    name: user.name,
    given_name: user.givenName,
    family_name: user.familyName,
    ...(user.groups ? { groups: user.groups } : {}),
  }
}
