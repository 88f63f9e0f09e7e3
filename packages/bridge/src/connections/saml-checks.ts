/**
 * The checks node-saml leaves to us, made on the raw Response (before any crypto) and on the
 * assertion exactly as its signature covers it (after node-saml verified it). Each refusal has a
 * reason code for the log and the tests; nothing of the XML itself is ever echoed.
 */
import type { Document, Element } from '@xmldom/xmldom'
import {
  attribute,
  children,
  hasCommentOrInstruction,
  is,
  NS,
  onlyChild,
  parseStrictXml,
  plainText,
  XmlRefused,
} from './saml-xml.js'

export type SamlRefusalReason =
  | 'malformed'
  | 'comment_or_instruction'
  | 'not_a_response'
  | 'wrong_version'
  | 'wrong_destination'
  | 'wrong_issuer'
  | 'assertion_count'
  | 'not_encrypted'
  | 'signature'
  | 'wrong_audience'
  | 'wrong_recipient'
  | 'no_bearer_confirmation'
  | 'expired'
  | 'not_yet_valid'
  | 'no_upper_bound'
  | 'too_old'
  | 'in_response_to_mismatch'
  | 'no_authn_statement'
  | 'bad_subject'
  | 'transient_subject'
  | 'unknown_request'
  | 'replayed'
  | 'unsolicited'
  | 'wrong_connection'

export class SamlCheckError extends Error {
  override readonly name = 'SamlCheckError'
  constructor(
    readonly reason: SamlRefusalReason,
    detail?: string,
  ) {
    super(detail ? `${reason}: ${detail}` : reason)
  }
}

const refuse = (reason: SamlRefusalReason, detail?: string): never => {
  throw new SamlCheckError(reason, detail)
}

export const STATUS_SUCCESS = 'urn:oasis:names:tc:SAML:2.0:status:Success'
const BEARER = 'urn:oasis:names:tc:SAML:2.0:cm:bearer'
const TRANSIENT = 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient'
/** An assertion is used right after it is issued; older ones are refused (and so cannot replay). */
export const MAX_ASSERTION_AGE_MS = 10 * 60 * 1000
const MAX_ATTRIBUTES = 200
const MAX_VALUES = 200

export interface Expectations {
  /** The ACS URL: Destination and Recipient must be exactly this. */
  acsUrl: string
  /** The SP entity ID: the Audience. */
  spEntityId: string
  /** The IdP entity ID, when known: the Issuer. */
  idpEntityId?: string
  requireEncryption: boolean
  skewMs: number
  now: number
}

export interface ResponseEnvelope {
  /** Non-Success status of the response, when it has one. */
  status?: { code: string; subCode?: string }
  /** As the Response says; only trusted once matched with the signed SubjectConfirmationData. */
  inResponseTo?: string
}

function parse(xml: string): Document {
  try {
    return parseStrictXml(xml)
  } catch (error) {
    return refuse('malformed', (error as Error).message.slice(0, 120))
  }
}

function guard<T>(run: () => T): T {
  try {
    return run()
  } catch (error) {
    if (error instanceof XmlRefused) refuse('malformed', error.message.slice(0, 120))
    throw error
  }
}

function time(value: string | undefined, what: string): number | undefined {
  if (value === undefined) return undefined
  // xs:dateTime in UTC, as SAML requires (core §1.3.3).
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(value))
    refuse('malformed', `${what} not a UTC dateTime`)
  const ms = Date.parse(value)
  return Number.isNaN(ms) ? refuse('malformed', `${what} not a date`) : ms
}

/** Checks on the raw Response: shape, Destination, status. Nothing here is trusted yet. */
export function checkEnvelope(xml: string, expect: Expectations): ResponseEnvelope {
  const doc = parse(xml)
  if (hasCommentOrInstruction(doc)) refuse('comment_or_instruction')
  const root = doc.documentElement as Element
  if (!is(root, NS.protocol, 'Response')) refuse('not_a_response')
  return guard(() => {
    if (attribute(root, 'Version') !== '2.0') refuse('wrong_version')
    if (attribute(root, 'Destination') !== expect.acsUrl) refuse('wrong_destination')
    const issuer = onlyChild(root, NS.assertion, 'Issuer')
    if (issuer && expect.idpEntityId !== undefined && plainText(issuer) !== expect.idpEntityId)
      refuse('wrong_issuer', 'response')
    const inResponseTo = attribute(root, 'InResponseTo')
    const statusCode = onlyChild(
      onlyChild(root, NS.protocol, 'Status') ?? root,
      NS.protocol,
      'StatusCode',
    )
    const code = statusCode && attribute(statusCode, 'Value')
    if (!code) return refuse('malformed', 'no status code')
    if (code !== STATUS_SUCCESS) {
      const sub = onlyChild(statusCode, NS.protocol, 'StatusCode')
      return { status: { code, subCode: sub && attribute(sub, 'Value') }, inResponseTo }
    }
    const plain = children(root, NS.assertion, 'Assertion').length
    const encrypted = children(root, NS.assertion, 'EncryptedAssertion').length
    if (plain + encrypted !== 1) refuse('assertion_count')
    if (expect.requireEncryption && plain > 0) refuse('not_encrypted')
    return { inResponseTo }
  })
}

export interface VerifiedAssertion {
  id: string
  nameId: string
  nameIdFormat?: string
  inResponseTo?: string
  /** Values by attribute Name, and by FriendlyName where the IdP gives one. */
  attributes: Record<string, string[]>
  authnContext?: string
  /** Until when its ID must be remembered to refuse a replay (epoch ms). */
  replayUntil: number
}

interface Confirmation {
  ok: boolean
  reason?: SamlRefusalReason
  notOnOrAfter?: number
}

function checkConfirmation(
  data: Element | undefined,
  envelope: ResponseEnvelope,
  expect: Expectations,
): Confirmation {
  if (!data) return { ok: false, reason: 'wrong_recipient' }
  if (attribute(data, 'Recipient') !== expect.acsUrl)
    return { ok: false, reason: 'wrong_recipient' }
  const notOnOrAfter = time(attribute(data, 'NotOnOrAfter'), 'NotOnOrAfter')
  if (notOnOrAfter === undefined) return { ok: false, reason: 'no_upper_bound' }
  if (expect.now - expect.skewMs >= notOnOrAfter) return { ok: false, reason: 'expired' }
  const notBefore = time(attribute(data, 'NotBefore'), 'NotBefore')
  if (notBefore !== undefined && expect.now + expect.skewMs < notBefore)
    return { ok: false, reason: 'not_yet_valid' }
  // The Response's InResponseTo is outside the assertion's signature when only the assertion is
  // signed; the signed copy here must say the same, or someone re-wrapped the assertion.
  if (attribute(data, 'InResponseTo') !== envelope.inResponseTo)
    return { ok: false, reason: 'in_response_to_mismatch' }
  return { ok: true, notOnOrAfter }
}

function readAttributes(assertion: Element): Record<string, string[]> {
  const found: Record<string, string[]> = Object.create(null)
  let count = 0
  for (const statement of children(assertion, NS.assertion, 'AttributeStatement')) {
    for (const attr of children(statement, NS.assertion, 'Attribute')) {
      if (++count > MAX_ATTRIBUTES) return found
      const values: string[] = []
      for (const value of children(attr, NS.assertion, 'AttributeValue').slice(0, MAX_VALUES)) {
        try {
          values.push(plainText(value))
        } catch {
          // Structured values (a NameID inside, say) are not profile fields: skipped.
        }
      }
      for (const key of [attribute(attr, 'Name'), attribute(attr, 'FriendlyName')]) {
        if (key) found[key] = [...(found[key] ?? []), ...values]
      }
    }
  }
  return found
}

/** Checks on the assertion exactly as signed (node-saml's verified bytes, never the raw input). */
export function checkAssertion(
  signedXml: string,
  envelope: ResponseEnvelope,
  expect: Expectations,
): VerifiedAssertion {
  const assertion = parse(signedXml).documentElement as Element
  if (!is(assertion, NS.assertion, 'Assertion'))
    refuse('malformed', 'signed node is not an Assertion')
  return guard(() => {
    if (attribute(assertion, 'Version') !== '2.0') refuse('wrong_version')
    const id = attribute(assertion, 'ID')
    if (!id || id.length > 256) return refuse('malformed', 'assertion ID')
    const issued = time(attribute(assertion, 'IssueInstant'), 'IssueInstant')
    if (issued === undefined) return refuse('malformed', 'no IssueInstant')
    if (issued > expect.now + expect.skewMs) refuse('not_yet_valid', 'IssueInstant')
    if (expect.now - issued > MAX_ASSERTION_AGE_MS + expect.skewMs) refuse('too_old')

    const issuer = onlyChild(assertion, NS.assertion, 'Issuer')
    if (!issuer) refuse('wrong_issuer', 'none')
    if (expect.idpEntityId !== undefined && plainText(issuer as Element) !== expect.idpEntityId)
      refuse('wrong_issuer', 'assertion')

    const subject = onlyChild(assertion, NS.assertion, 'Subject')
    const nameIdElement = subject && onlyChild(subject, NS.assertion, 'NameID')
    if (!subject || !nameIdElement) return refuse('bad_subject', 'no NameID')
    const nameId = plainText(nameIdElement)
    if (nameId.trim() === '' || nameId.length > 1024) refuse('bad_subject', 'empty or long NameID')

    const bearer = children(subject, NS.assertion, 'SubjectConfirmation').filter(
      (c) => attribute(c, 'Method') === BEARER,
    )
    if (bearer.length === 0) refuse('no_bearer_confirmation')
    const confirmations = bearer.map((c) =>
      checkConfirmation(onlyChild(c, NS.assertion, 'SubjectConfirmationData'), envelope, expect),
    )
    const confirmed = confirmations.find((c) => c.ok)
    if (!confirmed) return refuse(confirmations[0]?.reason ?? 'no_bearer_confirmation')

    const conditions = onlyChild(assertion, NS.assertion, 'Conditions')
    if (!conditions) return refuse('no_upper_bound', 'no Conditions')
    const notOnOrAfter = time(attribute(conditions, 'NotOnOrAfter'), 'NotOnOrAfter')
    if (notOnOrAfter === undefined) return refuse('no_upper_bound')
    if (expect.now - expect.skewMs >= notOnOrAfter) refuse('expired')
    const notBefore = time(attribute(conditions, 'NotBefore'), 'NotBefore')
    if (notBefore !== undefined && expect.now + expect.skewMs < notBefore) refuse('not_yet_valid')
    const restrictions = children(conditions, NS.assertion, 'AudienceRestriction')
    // Several restrictions must all hold (core §2.5.1.4); each must name us, exactly.
    if (
      restrictions.length === 0 ||
      !restrictions.every((r) =>
        children(r, NS.assertion, 'Audience').some((a) => plainText(a) === expect.spEntityId),
      )
    )
      refuse('wrong_audience')

    const statements = children(assertion, NS.assertion, 'AuthnStatement')
    if (statements.length === 0) refuse('no_authn_statement')
    for (const statement of statements) {
      const sessionEnd = time(attribute(statement, 'SessionNotOnOrAfter'), 'SessionNotOnOrAfter')
      if (sessionEnd !== undefined && expect.now - expect.skewMs >= sessionEnd) refuse('expired')
    }
    const context = onlyChild(statements[0] as Element, NS.assertion, 'AuthnContext')
    const classRef = context && onlyChild(context, NS.assertion, 'AuthnContextClassRef')

    const lastValid = Math.max(notOnOrAfter, confirmed.notOnOrAfter ?? 0)
    return {
      id,
      nameId,
      nameIdFormat: attribute(nameIdElement, 'Format'),
      inResponseTo: envelope.inResponseTo,
      attributes: readAttributes(assertion),
      authnContext: classRef ? plainText(classRef) : undefined,
      replayUntil: Math.min(lastValid, issued + MAX_ASSERTION_AGE_MS) + expect.skewMs,
    }
  })
}

export const isTransient = (format: string | undefined) => format === TRANSIENT
