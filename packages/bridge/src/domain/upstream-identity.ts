/** What an upstream IdP says about a user, after claim mapping; the same shape for OIDC and SAML. */
export interface UpstreamIdentity {
  /** The upstream's stable id: OIDC `sub`, SAML NameID. */
  subject: string
  email?: string
  emailVerified?: boolean
  name?: string
  givenName?: string
  familyName?: string
  groups?: string[]
  /** Authentication methods the upstream reports (OIDC `amr`), passed through to the token. */
  amr?: string[]
}
