/** A SAML 2.0 connection's own fields: the bridge is the service provider, the IdP is upstream. */

/** Which SAML attribute (by Name or FriendlyName) holds each profile field. */
export interface SamlAttributeMapping {
  email?: string
  name?: string
  givenName?: string
  familyName?: string
  groups?: string
}

export interface SamlConnectionFields {
  /** The IdP's metadata XML (given inline or read from a file when the config was applied). */
  idpMetadata?: string
  /** Or fetched from here, cached and refreshed. */
  idpMetadataUrl?: string
  /** Or the IdP's SSO URL (HTTP-Redirect binding) given by hand; overrides the metadata's. */
  entryPoint?: string
  /** The IdP's entity ID: the Issuer its assertions must carry. */
  idpEntityId?: string
  /** Pinned signing certificates (base64 DER); when set, the metadata's are ignored. */
  idpCert: string[]
  /** Defaults to the SP metadata URL. */
  spEntityId?: string
  nameIdFormat: string
  /** A stable attribute to use as the subject instead of the NameID (e.g. Entra's objectidentifier). */
  subjectAttribute?: string
  domains: string[]
  attributes: SamlAttributeMapping
  /** The IdP vouches for email ownership, so the email counts as verified. */
  trustEmail: boolean
  /** Upstream connections whose users a first sign-in may join by verified email (config/email-linking). */
  linkByVerifiedEmail: string[]
  signAuthnRequests: boolean
  encryptAssertions: boolean
  /** Require the assertion itself to be signed; otherwise a signed Response also does. */
  wantAssertionsSigned: boolean
  clockSkewSeconds: number
  timeoutSeconds: number
  /** Unsolicited responses are accepted and sign the user in for this app. See docs/saml.md. */
  dangerouslyAllowIdpInitiated?: { app: string }
  /** For an IdP on this machine only (tests, the demo). */
  dangerouslyAllowHttpMetadataUrl: boolean
  /** idpMetadataUrl may be on loopback or a private network (net/address-policy). */
  dangerouslyAllowPrivateNetwork?: boolean
}
