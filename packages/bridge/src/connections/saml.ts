/**
 * The bridge as a SAML 2.0 service provider, on @node-saml/node-saml: it builds AuthnRequests
 * (HTTP-Redirect, optionally signed), publishes SP metadata, and verifies signatures and
 * decrypts assertions. What node-saml leaves to us (Destination, Recipient, bearer confirmation,
 * InResponseTo binding, replay, status, issuer, age) is in saml-checks.ts, and it runs on the
 * bytes node-saml verified, never on the raw input.
 */
import { createHash } from 'node:crypto'
import type { SAML } from '@node-saml/node-saml'
import type { SamlConnection } from '../domain/connections.js'
import type { SecretBox } from '../keys/secret-box.js'
import type { Logger } from '../logger.js'
import type { Storage } from '../storage/types.js'
import { mapSamlIdentity } from './saml-attributes.js'
import {
  checkAssertion,
  checkEnvelope,
  isTransient,
  SamlCheckError,
  type Expectations,
  type SamlRefusalReason,
} from './saml-checks.js'
import { createIdpResolver, type ResolvedIdp } from './saml-idp.js'
import { certificatePem } from './saml-metadata.js'
import { samlSpKey } from './saml-sp-key.js'
import type { UpstreamIdentity } from '../domain/upstream-identity.js'

export interface SamlUrls {
  entityId: string
  acs: string
  metadata: string
}

/** What a Response amounts to once every check passed. */
export type SamlOutcome =
  | {
      kind: 'identity'
      identity: UpstreamIdentity
      assertionId: string
      inResponseTo?: string
      replayUntil: number
    }
  /** The IdP answered with a non-Success status: the user did not sign in there. */
  | { kind: 'refused'; status: string; inResponseTo?: string }

// Loaded on first use: a bridge without SAML connections never holds node-saml in memory.
const nodeSaml = () => import('@node-saml/node-saml')

/** node-saml's words for what it refused, mapped onto our reason codes. */
function reasonOf(error: unknown): SamlRefusalReason {
  const message = error instanceof Error ? error.message : ''
  if (/Error parsing NotOnOrAfter/.test(message)) return 'no_upper_bound'
  if (/audience/i.test(message)) return 'wrong_audience'
  if (/expired/i.test(message)) return 'expired'
  if (/not yet valid/i.test(message)) return 'not_yet_valid'
  if (/signature|signed|reference|transforms/i.test(message)) return 'signature'
  if (/multiple assertions|Missing SAML assertion/i.test(message)) return 'assertion_count'
  if (/decrypt|EncryptedAssertion/i.test(message)) return 'signature'
  return 'malformed'
}

export function createSamlServiceProvider(options: {
  storage: Storage
  box: SecretBox
  logger: Logger
  issuer: string
  fetch?: typeof fetch
  now?: () => number
}) {
  const now = options.now ?? Date.now
  const idps = createIdpResolver({ logger: options.logger, fetch: options.fetch, now })

  function urls(connection: SamlConnection): SamlUrls {
    const base = `${options.issuer}/connections/${connection.id}/saml`
    return {
      entityId: connection.spEntityId ?? `${base}/metadata`,
      acs: `${base}/acs`,
      metadata: `${base}/metadata`,
    }
  }

  async function spKey(connection: SamlConnection) {
    if (!connection.signAuthnRequests && !connection.encryptAssertions) return undefined
    return samlSpKey(options.storage, options.box, connection.id)
  }

  async function client(
    connection: SamlConnection,
    idp: ResolvedIdp,
    key: Awaited<ReturnType<typeof spKey>>,
    extra: { requestId?: string; forceAuthn?: boolean } = {},
  ): Promise<SAML> {
    const sp = urls(connection)
    const { SAML, ValidateInResponseTo } = await nodeSaml()
    return new SAML({
      callbackUrl: sp.acs,
      entryPoint: idp.ssoUrl,
      issuer: sp.entityId,
      audience: sp.entityId,
      idpCert: idp.certs.map(certificatePem),
      identifierFormat: connection.nameIdFormat,
      // Either a signed Response or a signed assertion, unless the admin wants the assertion.
      wantAssertionsSigned: connection.wantAssertionsSigned,
      wantAuthnResponseSigned: false,
      // InResponseTo is bound to a login transaction in our storage and consumed atomically
      // there (routes/saml.ts); node-saml's cache is per process and get-then-remove.
      validateInResponseTo: ValidateInResponseTo.never,
      acceptedClockSkewMs: connection.clockSkewSeconds * 1000,
      // Requesting a class makes Entra ID and ADFS refuse MFA or Kerberos sign-ins.
      disableRequestedAuthnContext: true,
      forceAuthn: extra.forceAuthn === true,
      signatureAlgorithm: 'sha256',
      digestAlgorithm: 'sha256',
      ...(extra.requestId ? { generateUniqueId: () => extra.requestId as string } : {}),
      ...(key && connection.signAuthnRequests
        ? { privateKey: key.privateKey, publicCert: key.certificate }
        : {}),
      ...(key && connection.encryptAssertions ? { decryptionPvk: key.privateKey } : {}),
    })
  }

  return {
    urls,

    /** SP metadata to paste into the IdP. Stable for a given configuration and key. */
    async metadata(connection: SamlConnection): Promise<string> {
      const sp = urls(connection)
      const key = await spKey(connection)
      const { generateServiceProviderMetadata } = await nodeSaml()
      return generateServiceProviderMetadata({
        issuer: sp.entityId,
        callbackUrl: sp.acs,
        identifierFormat: connection.nameIdFormat,
        wantAssertionsSigned: connection.wantAssertionsSigned,
        signatureAlgorithm: 'sha256',
        digestAlgorithm: 'sha256',
        generateUniqueId: () =>
          '_' + createHash('sha256').update(sp.entityId).digest('hex').slice(0, 40),
        ...(key && connection.signAuthnRequests
          ? { privateKey: key.privateKey, publicCerts: key.certificate }
          : {}),
        ...(key && connection.encryptAssertions
          ? { decryptionPvk: key.privateKey, decryptionCert: key.certificate }
          : {}),
      })
    },

    /** The IdP URL carrying a deflated (and, when configured, signed) AuthnRequest. */
    async authorizeUrl(
      connection: SamlConnection,
      input: { requestId: string; forceAuthn: boolean },
    ): Promise<string> {
      const idp = await idps.resolve(connection)
      const saml = await client(connection, idp, await spKey(connection), input)
      return saml.getAuthorizeUrlAsync('', undefined, {})
    },

    /**
     * Verifies a posted SAMLResponse (base64 already checked). Throws SamlCheckError for anything
     * not trustworthy; the caller still binds InResponseTo and records the assertion ID.
     */
    async verify(connection: SamlConnection, samlResponse: string): Promise<SamlOutcome> {
      const idp = await idps.resolve(connection)
      const sp = urls(connection)
      const expect: Expectations = {
        acsUrl: sp.acs,
        spEntityId: sp.entityId,
        idpEntityId: idp.entityId,
        requireEncryption: connection.encryptAssertions,
        skewMs: connection.clockSkewSeconds * 1000,
        now: now(),
      }
      const xml = Buffer.from(samlResponse, 'base64').toString('utf8')
      const envelope = checkEnvelope(xml, expect)
      if (envelope.status) {
        // Not even looked at further: an assertion next to a failure status is a decoy.
        return {
          kind: 'refused',
          // Both levels: the second names the reason (Responder + NoPassive is how IdPs say
          // "not signed in" to a passive request).
          status: [envelope.status.code, envelope.status.subCode].filter(Boolean).join(' '),
          inResponseTo: envelope.inResponseTo,
        }
      }
      let signedAssertion: string
      try {
        const saml = await client(connection, idp, await spKey(connection))
        const { profile } = await saml.validatePostResponseAsync({ SAMLResponse: samlResponse })
        if (!profile) throw new SamlCheckError('assertion_count', 'no profile')
        signedAssertion = profile.getAssertionXml?.() ?? ''
      } catch (error) {
        if (error instanceof SamlCheckError) throw error
        throw new SamlCheckError(reasonOf(error), (error as Error).message?.slice(0, 120))
      }
      const assertion = checkAssertion(signedAssertion, envelope, expect)
      let subject = assertion.nameId
      if (connection.subjectAttribute) {
        const value = assertion.attributes[connection.subjectAttribute]?.[0]?.trim()
        if (!value) throw new SamlCheckError('bad_subject', 'subject attribute missing')
        subject = value
      } else if (isTransient(assertion.nameIdFormat)) {
        // A transient NameID changes on every sign-in: it would create a new user each time.
        throw new SamlCheckError('transient_subject')
      }
      return {
        kind: 'identity',
        identity: mapSamlIdentity(
          {
            subject,
            nameId: assertion.nameId,
            attributes: assertion.attributes,
            authnContext: assertion.authnContext,
          },
          { mapping: connection.attributes, trustEmail: connection.trustEmail },
        ),
        assertionId: assertion.id,
        inResponseTo: assertion.inResponseTo,
        replayUntil: assertion.replayUntil,
      }
    },
  }
}

export type SamlServiceProvider = ReturnType<typeof createSamlServiceProvider>
