/**
 * What decides who a connection's upstream IdP is: the OIDC issuer and client id; the SAML
 * metadata (its entity ID, SSO URL and certificates), metadata URL, SSO URL, pinned certificates,
 * entity ID and subject attribute. Pointing a connection that has users at another IdP lets that
 * IdP assert their subjects and sign in as them, so such a change needs the highest admin
 * authority (admin/connections) and has its own audit entry (apply-config).
 */
import { createHash } from 'node:crypto'
import { parseIdpMetadata } from '../connections/saml-metadata.js'

/** SHA-256 of the DER, as the console shows certificates: the audit log never holds the cert. */
const fingerprint = (base64: string) =>
  (
    createHash('sha256')
      .update(Buffer.from(base64, 'base64'))
      .digest('hex')
      .toUpperCase()
      .match(/../g) ?? []
  ).join(':')

const text = (value: unknown) => (typeof value === 'string' ? value : null)

/** The metadata as the bridge trusts it: the same XML reformatted is the same IdP. */
function metadataIdentity(xml: string, entityId?: string) {
  try {
    const idp = parseIdpMetadata(xml, entityId)
    return {
      entityId: idp.entityId ?? null,
      ssoUrl: idp.ssoUrl ?? null,
      certificates: idp.certs.map(fingerprint),
    }
  } catch {
    // Stored metadata was checked when it was saved; should it not parse, its bytes decide.
    return { sha256: createHash('sha256').update(xml).digest('hex') }
  }
}

export function upstreamIdpOf(connection: Record<string, unknown> | undefined) {
  if (!connection) return undefined
  if (connection.type === 'oidc')
    return { issuer: text(connection.issuer), clientId: text(connection.clientId) }
  if (connection.type !== 'saml') return undefined
  const metadata = text(connection.idpMetadata)
  const entityId = text(connection.idpEntityId)
  return {
    idpMetadata: metadata === null ? null : metadataIdentity(metadata, entityId ?? undefined),
    idpMetadataUrl: text(connection.idpMetadataUrl),
    entryPoint: text(connection.entryPoint),
    idpEntityId: entityId,
    idpCert: Array.isArray(connection.idpCert)
      ? connection.idpCert.filter((c): c is string => typeof c === 'string').map(fingerprint)
      : [],
    subjectAttribute: text(connection.subjectAttribute),
  }
}

/** The IdP of an existing connection before and after, when an edit changes it. */
export function upstreamIdpChange(
  before: Record<string, unknown> | undefined,
  after: Record<string, unknown>,
) {
  const old = upstreamIdpOf(before)
  const now = upstreamIdpOf(after)
  // A new connection has nobody to take over; a type change is refused before this.
  if (!old || !now || before?.type !== after.type) return undefined
  if (JSON.stringify(old) === JSON.stringify(now)) return undefined
  return { before: old, after: now }
}
