/** The demo SAML IdP's people and the attributes it releases about them. */
import { timingSafeEqual } from 'node:crypto'

export interface DemoSamlUser {
  /** The stable, persistent NameID. */
  id: string
  email: string
  password: string
  displayName: string
  givenName: string
  surname: string
  groups?: string[]
}

export function findUser(users: DemoSamlUser[], email: string): DemoSamlUser | undefined {
  return users.find((u) => u.email.toLowerCase() === email.trim().toLowerCase())
}

export function passwordMatches(user: DemoSamlUser, password: string): boolean {
  const a = Buffer.from(user.password)
  const b = Buffer.from(password)
  return a.length === b.length && timingSafeEqual(a, b)
}

/** LDAP-style names, as Shibboleth and many on-premises IdPs send them. */
export function attributesOf(user: DemoSamlUser): Record<string, string[]> {
  return {
    mail: [user.email],
    givenName: [user.givenName],
    sn: [user.surname],
    displayName: [user.displayName],
    ...(user.groups?.length ? { memberOf: user.groups } : {}),
  }
}
