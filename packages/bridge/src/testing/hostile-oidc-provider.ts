/**
 * A small OpenID Provider for attack tests: a real HTTP server on loopback that speaks the
 * protocol like an honest IdP (discovery, JWKS, authorization code bound to nonce, PKCE S256 and
 * redirect URI, client authentication, UserInfo) while each test bends its answers: the documents
 * it serves, the keys it publishes, and every header, claim and signature of its ID tokens.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  exportJWK,
  generateKeyPair,
  SignJWT,
  type CryptoKey,
  type JWK,
  type JWTHeaderParameters,
  type JWTPayload,
} from 'jose'

export type SigningAlg = 'RS256' | 'ES256'

export interface SigningKey {
  kid: string
  alg: SigningAlg
  privateKey: CryptoKey
  /** The public key as the JWKS publishes it. */
  jwk: JWK
}

export async function createSigningKey(alg: SigningAlg, kid?: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg)
  const id = kid ?? `${alg.toLowerCase()}-${randomUUID().slice(0, 8)}`
  return {
    kid: id,
    alg,
    privateKey,
    jwk: { ...(await exportJWK(publicKey)), kid: id, alg, use: 'sig' },
  }
}

/** An ID token before signing. `key` signs it; by default the published key named by `kid`. */
export interface IdTokenDraft {
  header: JWTHeaderParameters
  claims: JWTPayload & Record<string, unknown>
  key?: CryptoKey | Uint8Array
}

export interface TokenAnswer {
  status: number
  contentType: string
  body: string
  /** Milliseconds to wait before answering. */
  delayMs?: number
}

/** What a test changes in the provider's answers. Every hook is optional. */
export interface Scenario {
  discovery?: (document: Record<string, unknown>) => Record<string, unknown>
  /** Return an error to send back to the redirect URI instead of a code. */
  authorize?: (request: URLSearchParams) => { error: string; error_description?: string } | void
  /** Rewrite the ID token; a string is sent as is (e.g. an unsecured JWT). */
  idToken?: (draft: IdTokenDraft) => IdTokenDraft | string | Promise<IdTokenDraft | string>
  /** Rewrite the whole token endpoint response. */
  token?: (answer: TokenAnswer) => TokenAnswer
  userinfo?: (claims: Record<string, unknown>) => Record<string, unknown>
}

export interface HostileProviderOptions {
  clientId: string
  clientSecret: string
  redirectUris: string[]
  subject?: string
  profile?: Record<string, unknown>
}

type Endpoint = 'discovery' | 'jwks' | 'authorize' | 'token' | 'userinfo'

export interface HostileProvider {
  readonly issuer: string
  /** The published keys, first one signs by default: replace or prepend to rotate. */
  keys: SigningKey[]
  /** The keys the provider started with, an RS256 then an ES256 one. */
  readonly initialKeys: readonly SigningKey[]
  scenario: Scenario
  /** Requests served per endpoint since the last reset. */
  readonly hits: Record<Endpoint, number>
  /** Back to the initial keys, no scenario, zero hits. */
  reset(): void
  close(): Promise<void>
}

interface IssuedCode {
  clientId: string
  redirectUri: string
  codeChallenge: string
  nonce?: string
  scope: string
  expiresAt: number
}

const CODE_TTL_MS = 60_000
const now = () => Math.floor(Date.now() / 1000)
const base64url = (data: Buffer) => data.toString('base64url')
const sha256 = (value: string) => createHash('sha256').update(value).digest()

export async function startHostileProvider(
  options: HostileProviderOptions,
): Promise<HostileProvider> {
  const subject = options.subject ?? 'hostile-user-0001'
  const profile = options.profile ?? {
    email: 'mallory@hostile.example',
    email_verified: true,
    name: 'Mallory Hostile',
  }
  const initialKeys = [await createSigningKey('RS256'), await createSigningKey('ES256')]
  const codes = new Map<string, IssuedCode>()
  const accessTokens = new Map<string, { sub: string; expiresAt: number }>()
  const timers = new Set<NodeJS.Timeout>()
  let issuer = ''

  const provider: HostileProvider = {
    get issuer() {
      return issuer
    },
    keys: [...initialKeys],
    initialKeys,
    scenario: {},
    hits: { discovery: 0, jwks: 0, authorize: 0, token: 0, userinfo: 0 },
    reset() {
      provider.keys = [...initialKeys]
      provider.scenario = {}
      for (const name of Object.keys(provider.hits) as Endpoint[]) provider.hits[name] = 0
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const timer of timers) clearTimeout(timer)
        server.close((error) => (error ? reject(error) : resolve()))
        server.closeAllConnections()
      }),
  }

  function discoveryDocument(): Record<string, unknown> {
    const document = {
      issuer,
      authorization_endpoint: `${issuer}/authorize`,
      token_endpoint: `${issuer}/token`,
      userinfo_endpoint: `${issuer}/userinfo`,
      jwks_uri: `${issuer}/jwks`,
      response_types_supported: ['code'],
      grant_types_supported: ['authorization_code'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256', 'ES256'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      code_challenge_methods_supported: ['S256'],
      scopes_supported: ['openid', 'email', 'profile'],
      authorization_response_iss_parameter_supported: true,
    }
    return provider.scenario.discovery?.(document) ?? document
  }

  function authorize(url: URL, res: ServerResponse) {
    const q = url.searchParams
    const redirectUri = q.get('redirect_uri') ?? ''
    // Like any IdP: an unknown client or redirect URI gets a page, never a redirect.
    if (q.get('client_id') !== options.clientId || !options.redirectUris.includes(redirectUri)) {
      return send(res, 400, 'text/plain', 'unknown client or redirect_uri')
    }
    const back = new URL(redirectUri)
    const state = q.get('state')
    if (state !== null) back.searchParams.set('state', state)
    back.searchParams.set('iss', issuer)
    const challenge = q.get('code_challenge')
    const refusal =
      q.get('response_type') !== 'code' || !q.get('scope')?.split(' ').includes('openid')
        ? { error: 'unsupported_response_type' }
        : !challenge || q.get('code_challenge_method') !== 'S256'
          ? { error: 'invalid_request', error_description: 'PKCE S256 is required' }
          : provider.scenario.authorize?.(q)
    if (refusal) {
      for (const [name, value] of Object.entries(refusal)) {
        if (value !== undefined) back.searchParams.set(name, value)
      }
    } else {
      const code = base64url(randomBytes(32))
      codes.set(code, {
        clientId: options.clientId,
        redirectUri,
        codeChallenge: challenge as string,
        nonce: q.get('nonce') ?? undefined,
        scope: q.get('scope') as string,
        expiresAt: Date.now() + CODE_TTL_MS,
      })
      back.searchParams.set('code', code)
    }
    res.writeHead(302, { Location: back.href, 'Cache-Control': 'no-store' }).end()
  }

  function authenticatedClient(req: IncomingMessage, body: URLSearchParams): string | undefined {
    const header = req.headers.authorization
    let id: string | null
    let secret: string | null
    if (header?.startsWith('Basic ')) {
      const decoded = Buffer.from(header.slice(6), 'base64').toString()
      const colon = decoded.indexOf(':')
      const formDecode = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '))
      id = formDecode(decoded.slice(0, colon))
      secret = formDecode(decoded.slice(colon + 1))
    } else {
      id = body.get('client_id')
      secret = body.get('client_secret')
    }
    return id === options.clientId && secret === options.clientSecret ? id : undefined
  }

  async function idToken(issued: IssuedCode): Promise<string> {
    const signer = provider.keys[0]
    const iat = now()
    const draft: IdTokenDraft = {
      header: { alg: signer?.alg ?? 'RS256', kid: signer?.kid },
      claims: {
        iss: issuer,
        sub: subject,
        aud: issued.clientId,
        iat,
        exp: iat + 300,
        auth_time: iat,
        ...(issued.nonce === undefined ? {} : { nonce: issued.nonce }),
        ...profile,
      },
    }
    const shaped = (await provider.scenario.idToken?.(draft)) ?? draft
    if (typeof shaped === 'string') return shaped
    const key =
      shaped.key ??
      (
        provider.keys.find((k) => k.kid === shaped.header.kid) ??
        provider.keys.find((k) => k.alg === shaped.header.alg)
      )?.privateKey
    if (!key) throw new Error(`no key to sign an ${shaped.header.alg} ID token`)
    return new SignJWT(shaped.claims).setProtectedHeader(shaped.header).sign(key)
  }

  async function token(req: IncomingMessage, res: ServerResponse) {
    const body = new URLSearchParams(await readBody(req))
    const client = authenticatedClient(req, body)
    if (!client) {
      return sendJson(res, 401, { error: 'invalid_client' }, { 'WWW-Authenticate': 'Basic' })
    }
    if (body.get('grant_type') !== 'authorization_code') {
      return sendJson(res, 400, { error: 'unsupported_grant_type' })
    }
    const code = body.get('code') ?? ''
    const issued = codes.get(code)
    codes.delete(code)
    const verifier = body.get('code_verifier') ?? ''
    if (
      !issued ||
      issued.expiresAt < Date.now() ||
      issued.clientId !== client ||
      issued.redirectUri !== body.get('redirect_uri') ||
      !/^[\w.~-]{43,128}$/.test(verifier) ||
      base64url(sha256(verifier)) !== issued.codeChallenge
    ) {
      return sendJson(res, 400, { error: 'invalid_grant' })
    }
    const accessToken = base64url(randomBytes(32))
    accessTokens.set(accessToken, { sub: subject, expiresAt: Date.now() + 300_000 })
    const honest: TokenAnswer = {
      status: 200,
      contentType: 'application/json',
      body: JSON.stringify({
        access_token: accessToken,
        token_type: 'Bearer',
        expires_in: 300,
        scope: issued.scope,
        id_token: await idToken(issued),
      }),
    }
    const answer = provider.scenario.token?.(honest) ?? honest
    const respond = () => send(res, answer.status, answer.contentType, answer.body)
    if (!answer.delayMs) return respond()
    const timer = setTimeout(() => {
      timers.delete(timer)
      if (!res.destroyed) respond()
    }, answer.delayMs)
    timers.add(timer)
  }

  function userinfo(req: IncomingMessage, res: ServerResponse) {
    const bearer = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1]
    const grant = bearer ? accessTokens.get(bearer) : undefined
    if (!grant || grant.expiresAt < Date.now()) {
      return sendJson(res, 401, {}, { 'WWW-Authenticate': 'Bearer error="invalid_token"' })
    }
    const claims = { sub: grant.sub, ...profile }
    sendJson(res, 200, provider.scenario.userinfo?.(claims) ?? claims)
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', issuer)
    const route = `${req.method} ${url.pathname}`
    switch (route) {
      case 'GET /.well-known/openid-configuration':
        provider.hits.discovery++
        return sendJson(res, 200, discoveryDocument())
      case 'GET /jwks':
        provider.hits.jwks++
        return sendJson(res, 200, { keys: provider.keys.map((k) => k.jwk) })
      case 'GET /authorize':
        provider.hits.authorize++
        return authorize(url, res)
      case 'POST /token':
        provider.hits.token++
        return token(req, res)
      case 'GET /userinfo':
      case 'POST /userinfo':
        provider.hits.userinfo++
        return userinfo(req, res)
      default:
        return send(res, 404, 'text/plain', 'not found')
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: 'server_error' })
      console.error('hostile provider failed', error)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return provider
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => resolve(Buffer.concat(chunks).toString()))
    req.on('error', reject)
  })
}

function send(
  res: ServerResponse,
  status: number,
  contentType: string,
  body: string,
  headers: Record<string, string> = {},
) {
  res.writeHead(status, { 'Content-Type': contentType, 'Cache-Control': 'no-store', ...headers })
  res.end(body)
}

function sendJson(
  res: ServerResponse,
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
) {
  send(res, status, 'application/json', JSON.stringify(value), headers)
}
