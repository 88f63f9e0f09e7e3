/**
 * Hand-made SAML Responses for the attack corpus: every field can be set wrong on purpose, and
 * signatures are computed with xml-crypto exactly as an IdP would, so that an attack fails on the
 * check it targets and not on a broken signature.
 */
import { randomBytes } from 'node:crypto'
import { SignedXml } from 'xml-crypto'
import type { CertifiedKeyPair } from '../keys/self-signed-certificate.js'

const PROTOCOL = 'urn:oasis:names:tc:SAML:2.0:protocol'
const ASSERTION = 'urn:oasis:names:tc:SAML:2.0:assertion'
export const BEARER = 'urn:oasis:names:tc:SAML:2.0:cm:bearer'
export const SUCCESS = 'urn:oasis:names:tc:SAML:2.0:status:Success'
export const PERSISTENT = 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent'

export const newId = () => `_${randomBytes(16).toString('hex')}`
const at = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString()
const escape = (value: string) =>
  value.replace(
    /[&<>"]/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string,
  )
/** An attribute, left out when the value is null. */
const attr = (name: string, value: string | null | undefined) =>
  value === null || value === undefined ? '' : ` ${name}="${escape(value)}"`

export interface AssertionFields {
  id: string
  issuer: string
  issueInstant: string
  nameId: string
  nameIdFormat: string
  method: string
  recipient: string | null
  scdInResponseTo: string | null
  scdNotOnOrAfter: string | null
  scdNotBefore: string | null
  conditionsNotBefore: string | null
  conditionsNotOnOrAfter: string | null
  /** Several restrictions when several lists are given. */
  audiences: string[][]
  authnStatement: boolean
  authnContext: string
  attributes: Record<string, string[]>
}

export interface ResponseFields {
  id: string
  issuer: string | null
  destination: string | null
  inResponseTo: string | null
  status: string
  /** A second-level StatusCode inside the first (NoPassive comes as Responder + NoPassive). */
  subStatus?: string
  issueInstant: string
}

export interface Expected {
  acsUrl: string
  spEntityId: string
  idpEntityId: string
}

export function defaultFields(expected: Expected, inResponseTo: string | null) {
  const assertion: AssertionFields = {
    id: newId(),
    issuer: expected.idpEntityId,
    issueInstant: at(0),
    nameId: 'dana-7f3a',
    nameIdFormat: PERSISTENT,
    method: BEARER,
    recipient: expected.acsUrl,
    scdInResponseTo: inResponseTo,
    scdNotOnOrAfter: at(5 * 60_000),
    scdNotBefore: null,
    conditionsNotBefore: at(-5_000),
    conditionsNotOnOrAfter: at(5 * 60_000),
    audiences: [[expected.spEntityId]],
    authnStatement: true,
    authnContext: 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport',
    attributes: { mail: ['dana@partner.example'], displayName: ['Dana Partner'] },
  }
  const response: ResponseFields = {
    id: newId(),
    issuer: expected.idpEntityId,
    destination: expected.acsUrl,
    inResponseTo,
    status: SUCCESS,
    issueInstant: at(0),
  }
  return { assertion, response }
}

export function assertionXml(a: AssertionFields): string {
  const restrictions = a.audiences
    .map(
      (list) =>
        `<saml:AudienceRestriction>${list.map((x) => `<saml:Audience>${escape(x)}</saml:Audience>`).join('')}</saml:AudienceRestriction>`,
    )
    .join('')
  const attributes = Object.entries(a.attributes)
    .map(
      ([name, values]) =>
        `<saml:Attribute Name="${escape(name)}">${values.map((v) => `<saml:AttributeValue>${escape(v)}</saml:AttributeValue>`).join('')}</saml:Attribute>`,
    )
    .join('')
  return (
    `<saml:Assertion xmlns:saml="${ASSERTION}" ID="${a.id}" Version="2.0" IssueInstant="${a.issueInstant}">` +
    `<saml:Issuer>${escape(a.issuer)}</saml:Issuer>` +
    `<saml:Subject><saml:NameID Format="${a.nameIdFormat}">${escape(a.nameId)}</saml:NameID>` +
    `<saml:SubjectConfirmation Method="${escape(a.method)}"><saml:SubjectConfirmationData` +
    attr('InResponseTo', a.scdInResponseTo) +
    attr('NotBefore', a.scdNotBefore) +
    attr('NotOnOrAfter', a.scdNotOnOrAfter) +
    attr('Recipient', a.recipient) +
    `/></saml:SubjectConfirmation></saml:Subject>` +
    `<saml:Conditions${attr('NotBefore', a.conditionsNotBefore)}${attr('NotOnOrAfter', a.conditionsNotOnOrAfter)}>${restrictions}</saml:Conditions>` +
    (a.authnStatement
      ? `<saml:AuthnStatement AuthnInstant="${a.issueInstant}" SessionIndex="${a.id}"><saml:AuthnContext><saml:AuthnContextClassRef>${a.authnContext}</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>`
      : '') +
    (attributes ? `<saml:AttributeStatement>${attributes}</saml:AttributeStatement>` : '') +
    `</saml:Assertion>`
  )
}

/** A Response around `inner` (one or more assertions, or anything else). */
export function responseXml(r: ResponseFields, inner: string): string {
  return (
    `<samlp:Response xmlns:samlp="${PROTOCOL}" xmlns:saml="${ASSERTION}" ID="${r.id}" Version="2.0" IssueInstant="${r.issueInstant}"` +
    attr('Destination', r.destination) +
    attr('InResponseTo', r.inResponseTo) +
    `>` +
    (r.issuer === null ? '' : `<saml:Issuer>${escape(r.issuer)}</saml:Issuer>`) +
    `<samlp:Status><samlp:StatusCode Value="${escape(r.status)}">` +
    (r.subStatus ? `<samlp:StatusCode Value="${escape(r.subStatus)}"/>` : '') +
    `</samlp:StatusCode></samlp:Status>` +
    inner +
    `</samlp:Response>`
  )
}

const SHA256_RSA = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256'
const SHA256 = 'http://www.w3.org/2001/04/xmlenc#sha256'
const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#'
const ENVELOPED = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature'

/**
 * Signs the element `localName` whose ID is `id` (enveloped, exc-c14n, RSA-SHA256), placing the
 * signature after its Issuer as SAML requires. `extraReferences` adds more References.
 */
export function sign(
  xml: string,
  key: CertifiedKeyPair,
  target: { localName: 'Assertion' | 'Response'; id: string },
  options: { extraReferences?: string[] } = {},
): string {
  const sig = new SignedXml({
    privateKey: key.privateKey,
    publicCert: key.certificate,
    signatureAlgorithm: SHA256_RSA,
    canonicalizationAlgorithm: EXC_C14N,
  })
  const xpath = `//*[local-name(.)='${target.localName}' and @ID='${target.id}']`
  sig.addReference({ xpath, transforms: [ENVELOPED, EXC_C14N], digestAlgorithm: SHA256 })
  for (const extra of options.extraReferences ?? []) {
    sig.addReference({ xpath: extra, transforms: [EXC_C14N], digestAlgorithm: SHA256 })
  }
  sig.computeSignature(xml, {
    prefix: 'ds',
    location: { reference: `${xpath}/*[local-name(.)='Issuer']`, action: 'after' },
  })
  return sig.getSignedXml()
}

export interface Build {
  assertion?: Partial<AssertionFields>
  response?: Partial<ResponseFields>
  signAssertion?: CertifiedKeyPair | null
  signResponse?: CertifiedKeyPair | null
}

/** A complete Response, assertion signed by default; tweak any field through `build`. */
export function buildResponse(expected: Expected, inResponseTo: string | null, build: Build) {
  const base = defaultFields(expected, inResponseTo)
  const a = { ...base.assertion, ...build.assertion }
  const r = { ...base.response, ...build.response }
  let assertion = assertionXml(a)
  if (build.signAssertion)
    assertion = sign(assertion, build.signAssertion, { localName: 'Assertion', id: a.id })
  let xml = responseXml(r, assertion)
  if (build.signResponse) xml = sign(xml, build.signResponse, { localName: 'Response', id: r.id })
  return { xml, assertion: a, response: r, signedAssertion: assertion }
}

export const base64 = (xml: string) => Buffer.from(xml, 'utf8').toString('base64')
