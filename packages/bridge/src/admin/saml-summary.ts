/** What the console shows of a SAML IdP's metadata: entity ID, SSO URL, certificates and expiry. */
import { X509Certificate } from 'node:crypto'
import { parseIdpMetadata } from '../connections/saml-metadata.js'

export interface CertificateSummary {
  subject: string
  sha256: string
  notAfter: string
  expired: boolean
}

export interface SamlMetadataSummary {
  entityId?: string
  ssoUrl?: string
  certificates: CertificateSummary[]
}

export function summarizeCertificate(base64: string, now = Date.now()): CertificateSummary {
  const cert = new X509Certificate(Buffer.from(base64, 'base64'))
  return {
    subject: cert.subject.replace(/\n/g, ', '),
    sha256: cert.fingerprint256,
    notAfter: new Date(cert.validTo).toISOString(),
    expired: new Date(cert.validTo).getTime() < now,
  }
}

/** Throws (XmlRefused) when the XML is not metadata the bridge would accept. */
export function summarizeSamlMetadata(xml: string, entityId?: string): SamlMetadataSummary {
  const idp = parseIdpMetadata(xml, entityId)
  return {
    entityId: idp.entityId,
    ssoUrl: idp.ssoUrl,
    certificates: idp.certs.map((c) => summarizeCertificate(c)),
  }
}
