/**
 * Turns a verified SAML assertion into the identity shape OIDC connections produce. Attribute
 * names differ per IdP; the defaults below try, in order, the names the common ones send.
 */
import type { SamlAttributeMapping } from '../domain/saml-connection.js'
import type { UpstreamIdentity } from '../domain/upstream-identity.js'

const CLAIMS = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims'
const MS_CLAIMS = 'http://schemas.microsoft.com/identity/claims'
const MS_ROLES = 'http://schemas.microsoft.com/ws/2008/06/identity/claims'

/** Defaults for Entra ID, ADFS, Okta, Google Workspace, Shibboleth/LDAP-style IdPs. */
export const defaultAttributeNames: Record<keyof SamlAttributeMapping, string[]> = {
  email: [
    'email',
    'mail',
    'emailAddress',
    'Email',
    `${CLAIMS}/emailaddress`, // Entra ID, ADFS
    'urn:oid:0.9.2342.19200300.100.1.3', // LDAP mail
    'http://schemas.xmlsoap.org/claims/EmailAddress', // ADFS (older)
    'user.email', // Okta templates
  ],
  givenName: [
    'givenName',
    'given_name',
    'firstName',
    'FirstName',
    `${CLAIMS}/givenname`,
    'urn:oid:2.5.4.42',
    'user.firstName',
  ],
  familyName: [
    'sn',
    'surname',
    'familyName',
    'family_name',
    'lastName',
    'LastName',
    `${CLAIMS}/surname`,
    'urn:oid:2.5.4.4',
    'user.lastName',
  ],
  name: [
    'displayName',
    'name',
    'cn',
    `${MS_CLAIMS}/displayname`,
    'http://schemas.xmlsoap.org/claims/CommonName', // ADFS
    'urn:oid:2.16.840.1.113730.3.1.241', // LDAP displayName
    'urn:oid:2.5.4.3', // LDAP cn
  ],
  groups: [
    'groups',
    'memberOf',
    'Group',
    'group',
    `${MS_ROLES}/groups`, // Entra ID
    `${MS_ROLES}/role`, // Entra ID app roles, ADFS
    'http://schemas.xmlsoap.org/claims/Group', // ADFS
    'urn:oid:1.3.6.1.4.1.5923.1.5.1.1', // isMemberOf
  ],
}

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,253}$/

function first(attributes: Record<string, string[]>, names: string[]): string[] | undefined {
  for (const name of names) {
    const values = attributes[name]?.filter((v) => v.trim() !== '')
    if (values && values.length > 0) return values
  }
  return undefined
}

const text = (values: string[] | undefined, max: number) =>
  values?.[0]?.trim().slice(0, max) || undefined

/** SAML has no `amr`; the AuthnContextClassRef says roughly the same. */
function amrOf(authnContext: string | undefined): string[] {
  if (!authnContext) return []
  if (/multipleauthn|multifactor|mfa|:MobileTwoFactor/i.test(authnContext)) return ['mfa']
  if (/Password/i.test(authnContext)) return ['pwd']
  if (/Kerberos|windows/i.test(authnContext)) return ['kba']
  return []
}

export function mapSamlIdentity(
  assertion: {
    subject: string
    nameId: string
    attributes: Record<string, string[]>
    authnContext?: string
  },
  options: { mapping: SamlAttributeMapping; trustEmail: boolean },
): UpstreamIdentity {
  const names = (field: keyof SamlAttributeMapping) => {
    const chosen = options.mapping[field]
    return chosen ? [chosen] : defaultAttributeNames[field]
  }
  const attributes = assertion.attributes
  let email = text(first(attributes, names('email')), 254)
  // Entra ID, Google Workspace and most Okta setups send the email as NameID and nothing else.
  if (!email && !options.mapping.email && EMAIL.test(assertion.nameId)) email = assertion.nameId
  if (email && !EMAIL.test(email)) email = undefined
  const givenName = text(first(attributes, names('givenName')), 100)
  const familyName = text(first(attributes, names('familyName')), 100)
  const name =
    text(first(attributes, names('name')), 200) ??
    ([givenName, familyName].filter(Boolean).join(' ') || undefined)
  return {
    subject: assertion.subject,
    email,
    // SAML has no email_verified: the admin vouches for the IdP, or nobody does.
    emailVerified: email === undefined ? undefined : options.trustEmail,
    name,
    givenName,
    familyName,
    groups: first(attributes, names('groups'))?.slice(0, 200),
    amr: amrOf(assertion.authnContext),
  }
}
