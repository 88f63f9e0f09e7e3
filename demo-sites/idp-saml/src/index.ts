/**
 * A real SAML 2.0 IdP for the demo and the tests, on samlify: a different SAML library from the
 * bridge's node-saml, so that every sign-in through it is an interoperability test. It reads the
 * SP's published metadata from its URL, verifies signed AuthnRequests, checks demo users'
 * passwords on its own page and answers with the HTTP-POST binding.
 */
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { dirname } from 'node:path'
import { inflateRawSync } from 'node:zlib'
import { generateCertifiedKeyPair } from '@ssobridge/bridge'
import samlify from 'samlify'
import { loginPage, messagePage, postBindingPage } from './pages.js'
import { attributesOf, findUser, passwordMatches, type DemoSamlUser } from './users.js'

export type { DemoSamlUser } from './users.js'

const PERSISTENT = 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent'
const REDIRECT = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect'
const SP_METADATA_TTL_MS = 30_000
const INTERACTION_TTL_MS = 10 * 60_000

// samlify refuses to parse anything until a schema validator is set. This one refuses DTDs (the
// XXE and entity-expansion door) and leaves well-formedness to the parser.
samlify.setSchemaValidator({
  validate: async (xml: string) => {
    if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new Error('DTD refused')
    return 'ok'
  },
})

export interface SamlIdpOptions {
  port: number
  hostname?: string
  title?: string
  users: DemoSamlUser[]
  /** Where each SP publishes its metadata (the bridge: /connections/<id>/saml/metadata). */
  serviceProviders: { metadataUrl: string }[]
  /** Encrypt assertions (the SP's metadata must publish an encryption key). */
  encryptAssertions?: boolean
  /** Sign the Response as well as what the SP's metadata asks for. */
  signResponse?: boolean
  /** Refuse AuthnRequests that are not signed with the SP's published key. */
  wantAuthnRequestsSigned?: boolean
  /** Keeps the IdP's key across restarts, so that SPs' cached metadata stays valid. */
  keyFile?: string
}

export interface RunningSamlIdp {
  url: string
  entityId: string
  metadataUrl: string
  metadata: string
  /** The IdP's signing certificate (PEM). */
  certificate: string
  /** Trusts an SP from its metadata XML, as an admin pasting it would. */
  addServiceProvider(metadata: string): void
  /** An unsolicited (IdP-initiated) Response for an SP, as the POST binding would carry it. */
  unsolicitedResponse(
    spEntityId: string,
    email: string,
  ): Promise<{ action: string; SAMLResponse: string }>
  close(): Promise<void>
}

const xmlEscape = (value: string) =>
  value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] as string,
  )

// Our own template: samlify's default has no AuthnStatement and no attributes.
const responseTemplate =
  '<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="{ID}" Version="2.0" IssueInstant="{IssueInstant}" Destination="{Destination}" InResponseTo="{InResponseTo}">' +
  '<saml:Issuer>{Issuer}</saml:Issuer><samlp:Status><samlp:StatusCode Value="{StatusCode}"/></samlp:Status>' +
  '<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="{AssertionID}" Version="2.0" IssueInstant="{IssueInstant}">' +
  '<saml:Issuer>{Issuer}</saml:Issuer>' +
  '<saml:Subject><saml:NameID Format="{NameIDFormat}">{NameID}</saml:NameID>' +
  '<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData NotOnOrAfter="{SubjectConfirmationDataNotOnOrAfter}" Recipient="{SubjectRecipient}" InResponseTo="{InResponseTo}"/></saml:SubjectConfirmation></saml:Subject>' +
  '<saml:Conditions NotBefore="{ConditionsNotBefore}" NotOnOrAfter="{ConditionsNotOnOrAfter}"><saml:AudienceRestriction><saml:Audience>{Audience}</saml:Audience></saml:AudienceRestriction></saml:Conditions>' +
  '<saml:AuthnStatement AuthnInstant="{IssueInstant}" SessionIndex="{SessionIndex}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>' +
  '__ATTRIBUTES__</saml:Assertion></samlp:Response>'

function attributeStatement(attributes: Record<string, string[]>): string {
  const items = Object.entries(attributes)
    .map(
      ([name, values]) =>
        `<saml:Attribute Name="${xmlEscape(name)}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:basic">` +
        values
          .map(
            (v) =>
              `<saml:AttributeValue xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="xs:string">${xmlEscape(v)}</saml:AttributeValue>`,
          )
          .join('') +
        '</saml:Attribute>',
    )
    .join('')
  return `<saml:AttributeStatement>${items}</saml:AttributeStatement>`
}

function loadKey(keyFile: string | undefined) {
  if (keyFile && existsSync(keyFile)) {
    return JSON.parse(readFileSync(keyFile, 'utf8')) as { privateKey: string; certificate: string }
  }
  const pair = generateCertifiedKeyPair('ssobridge demo SAML IdP')
  if (keyFile) {
    mkdirSync(dirname(keyFile), { recursive: true })
    writeFileSync(keyFile, JSON.stringify(pair), { mode: 0o600 })
  }
  return pair
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  let body = ''
  for await (const chunk of req) {
    body += chunk
    if (body.length > 16_384) throw new Error('form too large')
  }
  return new URLSearchParams(body)
}

/** The Issuer of a deflated, base64 AuthnRequest: which SP is asking. */
function requestIssuer(samlRequest: string): string | undefined {
  const xml = inflateRawSync(Buffer.from(samlRequest, 'base64'), {
    maxOutputLength: 65_536,
  }).toString('utf8')
  return /<(?:\w+:)?Issuer[^>]*>([^<]+)<\/(?:\w+:)?Issuer>/.exec(xml)?.[1]?.trim()
}

/** The signed part of a redirect-binding query, in the order the spec fixes, as sent. */
function octetString(rawQuery: string): string {
  const parts = new Map(rawQuery.split('&').map((p) => [p.slice(0, p.indexOf('=')), p]))
  return ['SAMLRequest', 'RelayState', 'SigAlg']
    .map((name) => parts.get(name))
    .filter((p): p is string => p !== undefined)
    .join('&')
}

interface Interaction {
  sp: ReturnType<typeof samlify.ServiceProvider>
  spEntityId: string
  requestId: string
  relayState?: string
  expiresAt: number
}

export async function startSamlIdp(options: SamlIdpOptions): Promise<RunningSamlIdp> {
  const hostname = options.hostname ?? '127.0.0.1'
  const title = options.title ?? 'Partner Inc sign-in'
  let handle: (req: IncomingMessage, res: ServerResponse) => Promise<void> = async (_, res) => {
    res.end()
  }
  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(400, { 'Content-Type': 'text/html; charset=utf-8' })
      res.end(messagePage(title, 'This sign-in request could not be processed.'))
    })
  })
  await new Promise<void>((done) => server.listen(options.port, hostname, done))
  const url = `http://${hostname}:${(server.address() as AddressInfo).port}`
  const entityId = `${url}/metadata`
  const key = loadKey(options.keyFile)

  const idp = samlify.IdentityProvider({
    entityID: entityId,
    privateKey: key.privateKey,
    signingCert: key.certificate,
    nameIDFormat: [PERSISTENT],
    singleSignOnService: [{ Binding: REDIRECT, Location: `${url}/sso` }],
    isAssertionEncrypted: options.encryptAssertions === true,
    wantAuthnRequestsSigned: options.wantAuthnRequestsSigned === true,
    loginResponseTemplate: { context: responseTemplate, attributes: [] },
  })
  const metadata = idp.getMetadata()

  const spCache = new Map<string, { at: number; sp: ReturnType<typeof samlify.ServiceProvider> }>()
  const entity = (metadata: string) =>
    samlify.ServiceProvider({
      metadata,
      ...(options.signResponse ? { wantMessageSigned: true } : {}),
    })
  const pinned = new Map<string, ReturnType<typeof samlify.ServiceProvider>>()
  async function serviceProvider(wanted: string) {
    const known = pinned.get(wanted)
    if (known) return known
    const cached = spCache.get(wanted)
    if (cached && Date.now() - cached.at < SP_METADATA_TTL_MS) return cached.sp
    for (const { metadataUrl } of options.serviceProviders) {
      const response = await fetch(metadataUrl, { signal: AbortSignal.timeout(5000) })
      if (!response.ok) continue
      const sp = entity(await response.text())
      spCache.set(sp.entityMeta.getEntityID(), { at: Date.now(), sp })
    }
    const found = spCache.get(wanted)
    if (!found) throw new Error(`unknown service provider ${wanted}`)
    return found.sp
  }

  async function response(
    sp: ReturnType<typeof samlify.ServiceProvider>,
    user: DemoSamlUser,
    requestId: string | undefined,
    relayState: string | undefined,
  ) {
    const acs = sp.entityMeta.getAssertionConsumerService('post') as string
    const now = new Date()
    const later = new Date(now.getTime() + 5 * 60_000).toISOString()
    const result = await idp.createLoginResponse(
      sp,
      requestId ? { extract: { request: { id: requestId } } } : { extract: {} },
      'post',
      { email: user.email },
      {
        relayState,
        customTagReplacement: (template) => {
          const id = `_${randomBytes(20).toString('hex')}`
          const context = samlify.SamlLib.replaceTagsByValue(template, {
            ID: id,
            AssertionID: `_${randomBytes(20).toString('hex')}`,
            Destination: acs,
            Audience: sp.entityMeta.getEntityID(),
            SubjectRecipient: acs,
            Issuer: entityId,
            IssueInstant: now.toISOString(),
            StatusCode: 'urn:oasis:names:tc:SAML:2.0:status:Success',
            ConditionsNotBefore: now.toISOString(),
            ConditionsNotOnOrAfter: later,
            SubjectConfirmationDataNotOnOrAfter: later,
            NameIDFormat: PERSISTENT,
            NameID: user.id,
            InResponseTo: requestId,
            SessionIndex: `_${randomBytes(8).toString('hex')}`,
          }).replace('__ATTRIBUTES__', attributeStatement(attributesOf(user)))
          return { id, context }
        },
      },
    )
    return { action: acs, SAMLResponse: result.context }
  }

  const interactions = new Map<string, Interaction>()
  const send = (res: ServerResponse, html: string, status = 200) => {
    res.writeHead(status, {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
    })
    res.end(html)
  }

  handle = async (req, res) => {
    const requestUrl = new URL(req.url ?? '/', url)
    if (req.method === 'GET' && requestUrl.pathname === '/metadata') {
      res.writeHead(200, { 'Content-Type': 'application/samlmetadata+xml; charset=utf-8' })
      return void res.end(metadata)
    }
    if (req.method === 'GET' && requestUrl.pathname === '/sso') {
      const query = Object.fromEntries(requestUrl.searchParams)
      const spEntityId = requestIssuer(query.SAMLRequest ?? '')
      if (!spEntityId) return send(res, messagePage(title, 'Not a SAML request.'), 400)
      const sp = await serviceProvider(spEntityId)
      const parsed = await idp.parseLoginRequest(sp, 'redirect', {
        query,
        octetString: octetString(requestUrl.search.slice(1)),
      })
      const uid = randomBytes(16).toString('base64url')
      const now = Date.now()
      for (const [k, v] of interactions) if (v.expiresAt < now) interactions.delete(k)
      interactions.set(uid, {
        sp,
        spEntityId,
        requestId: (parsed.extract as { request: { id: string } }).request.id,
        relayState: query.RelayState,
        expiresAt: now + INTERACTION_TTL_MS,
      })
      return send(res, loginPage({ title, action: `/login/${uid}`, service: spEntityId }))
    }
    const login = /^\/login\/([\w-]{1,64})$/.exec(requestUrl.pathname)
    if (req.method === 'POST' && login) {
      const uid = login[1] as string
      const interaction = interactions.get(uid)
      if (!interaction || interaction.expiresAt < Date.now())
        return send(
          res,
          messagePage(title, 'This sign-in has expired. Go back and start again.'),
          400,
        )
      const form = await readForm(req)
      const user = findUser(options.users, form.get('email') ?? '')
      if (!user || !passwordMatches(user, form.get('password') ?? '')) {
        return send(
          res,
          loginPage({
            title,
            action: `/login/${uid}`,
            service: interaction.spEntityId,
            error: 'Wrong email or password.',
          }),
          401,
        )
      }
      interactions.delete(uid)
      const { action, SAMLResponse } = await response(
        interaction.sp,
        user,
        interaction.requestId,
        interaction.relayState,
      )
      const fields: Record<string, string> = { SAMLResponse }
      if (interaction.relayState) fields.RelayState = interaction.relayState
      return send(res, postBindingPage({ title, action, fields }))
    }
    send(res, messagePage(title, 'There is nothing here.'), 404)
  }

  return {
    url,
    entityId,
    metadataUrl: `${url}/metadata`,
    metadata,
    certificate: key.certificate,
    addServiceProvider(metadata) {
      const sp = entity(metadata)
      pinned.set(sp.entityMeta.getEntityID(), sp)
    },
    async unsolicitedResponse(spEntityId, email) {
      const user = findUser(options.users, email)
      if (!user) throw new Error(`no demo user ${email}`)
      return response(await serviceProvider(spEntityId), user, undefined, undefined)
    },
    close: () =>
      new Promise((done) => {
        server.close(() => done())
        server.closeAllConnections()
      }),
  }
}
