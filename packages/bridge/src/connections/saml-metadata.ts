/** Reads what the bridge needs from an IdP's SAML metadata: entity ID, SSO URL, signing certificates. */
import { X509Certificate } from 'node:crypto'
import type { Element } from '@xmldom/xmldom'
import { attribute, children, NS, parseStrictXml, plainText, XmlRefused } from './saml-xml.js'

/** The most metadata the bridge reads, from a file or a URL. */
export const MAX_METADATA_BYTES = 1024 * 1024

export const REDIRECT_BINDING = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect'

export interface IdpDescriptor {
  entityId?: string
  /** SingleSignOnService for the HTTP-Redirect binding. */
  ssoUrl?: string
  /** Signing certificates, base64 DER. Several during a rotation. */
  certs: string[]
}

/** base64 DER of a PEM or bare-base64 certificate; throws when it is not a certificate. */
export function normalizeCertificate(value: string): string {
  const body = value.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '')
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(body)) throw new XmlRefused('not a base64 certificate')
  try {
    new X509Certificate(Buffer.from(body, 'base64'))
  } catch {
    throw new XmlRefused('not an X.509 certificate')
  }
  return body
}

export const certificatePem = (base64: string) =>
  `-----BEGIN CERTIFICATE-----\n${base64.replace(/.{1,64}/g, '$&\n')}-----END CERTIFICATE-----\n`

function keyDescriptorCerts(descriptor: Element): string[] {
  const certs: string[] = []
  for (const key of children(descriptor, NS.metadata, 'KeyDescriptor')) {
    // No `use` means both signing and encryption (SAML metadata §2.4.1.1).
    const use = attribute(key, 'use')
    if (use !== undefined && use !== 'signing') continue
    for (const info of children(key, NS.dsig, 'KeyInfo'))
      for (const data of children(info, NS.dsig, 'X509Data'))
        for (const cert of children(data, NS.dsig, 'X509Certificate'))
          certs.push(normalizeCertificate(plainText(cert)))
  }
  return [...new Set(certs)]
}

/**
 * Parses IdP metadata: an EntityDescriptor, or an EntitiesDescriptor in which `entityId` (or the
 * only IdP) is picked. Metadata is configuration, trusted as the admin gave it; its own signature
 * is not checked (fetch it over https).
 */
export function parseIdpMetadata(xml: string, entityId?: string): IdpDescriptor {
  const root = parseStrictXml(xml).documentElement as Element
  const candidates =
    root.namespaceURI === NS.metadata && root.localName === 'EntityDescriptor'
      ? [root]
      : root.namespaceURI === NS.metadata && root.localName === 'EntitiesDescriptor'
        ? children(root, NS.metadata, 'EntityDescriptor')
        : undefined
  if (!candidates) throw new XmlRefused('not SAML metadata (no EntityDescriptor)')
  const idps = candidates.filter(
    (e) =>
      children(e, NS.metadata, 'IDPSSODescriptor').length > 0 &&
      (entityId === undefined || attribute(e, 'entityID') === entityId),
  )
  if (idps.length === 0)
    throw new XmlRefused(entityId ? `no IdP with entityID ${entityId}` : 'no IDPSSODescriptor')
  if (idps.length > 1) throw new XmlRefused('several IdPs in the metadata: set idpEntityId')
  const entity = idps[0] as Element
  const descriptor = children(entity, NS.metadata, 'IDPSSODescriptor')[0] as Element
  const sso = children(descriptor, NS.metadata, 'SingleSignOnService').find(
    (s) => attribute(s, 'Binding') === REDIRECT_BINDING,
  )
  const certs = keyDescriptorCerts(descriptor)
  if (certs.length === 0) throw new XmlRefused('no signing certificate in the metadata')
  return {
    entityId: attribute(entity, 'entityID'),
    ssoUrl: sso ? attribute(sso, 'Location') : undefined,
    certs,
  }
}
