// Shared fixtures for this package's tests: claims, signers and a real JWKS server on loopback.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  base64url,
  exportJWK,
  generateKeyPair,
  SignJWT,
  type CryptoKey,
  type JWK,
  type JWTPayload,
} from 'jose'
import { VerifyError } from './verify-error.js'

export const ISSUER = 'https://bridge.example'
export const AUDIENCE = 'shop'
export const SECRET = 'test-secret-that-is-at-least-32-bytes-long!'
export const STATE = 'c3RhdGUtZm9yLXRoZS10ZXN0cy0xMjM0NTY3OA'
export const CALLBACK_URL = 'https://shop.example/sso/callback'

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000)
}

let counter = 0

/** Claims as the bridge mints them; `undefined` in overrides removes a claim. */
export function claims(overrides: Record<string, unknown> = {}): JWTPayload {
  const iat = nowSeconds()
  const base: Record<string, unknown> = {
    iss: ISSUER,
    aud: AUDIENCE,
    sub: 'user-123',
    iat,
    exp: iat + 120,
    jti: `jti-${++counter}-${Math.random().toString(36).slice(2)}`,
    nonce: STATE,
    auth_time: iat,
    amr: ['pwd'],
    email: 'alice@example.com',
    email_verified: true,
    name: 'Alice Example',
    given_name: 'Alice',
    family_name: 'Example',
    idp: 'staff',
  }
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) delete base[key]
    else base[key] = value
  }
  return base
}

export async function signHs256(
  payload: JWTPayload,
  secret: string | Uint8Array = SECRET,
  header: Record<string, unknown> = {},
): Promise<string> {
  const key = typeof secret === 'string' ? new TextEncoder().encode(secret) : secret
  return new SignJWT(payload).setProtectedHeader({ alg: 'HS256', typ: 'JWT', ...header }).sign(key)
}

export async function signWith(
  payload: JWTPayload,
  key: CryptoKey,
  header: { alg: string; kid?: string; typ?: string },
): Promise<string> {
  return new SignJWT(payload).setProtectedHeader({ typ: 'JWT', ...header }).sign(key)
}

/** A compact JWS built by hand, for headers no honest signer would produce. */
export function handmade(header: object, payload: object, signature = ''): string {
  const part = (value: object) => base64url.encode(JSON.stringify(value))
  return `${part(header)}.${part(payload)}.${signature}`
}

export interface SigningKey {
  alg: 'ES256' | 'RS256' | 'EdDSA'
  kid: string
  privateKey: CryptoKey
  publicKey: CryptoKey
  publicJwk: JWK
}

export async function signingKey(alg: SigningKey['alg'], kid = `${alg}-key`): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true })
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' }
  return { alg, kid, privateKey, publicKey, publicJwk }
}

export interface JwksServer {
  url: string
  requests: () => number
  close: () => Promise<void>
}

/** Serves `{ keys }` at /.well-known/jwks.json on 127.0.0.1, a fresh port each time. */
export async function startJwksServer(keys: JWK[]): Promise<JwksServer> {
  let requests = 0
  const server = createServer((req, res) => {
    requests++
    if (req.url !== '/.well-known/jwks.json') {
      res.statusCode = 404
      res.end()
      return
    }
    res.setHeader('Content-Type', 'application/json')
    res.end(JSON.stringify({ keys }))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    requests: () => requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((error) => (error ? reject(error) : resolve()))
      }),
  }
}

/** Resolves to the VerifyError code a promise rejects with (or to 'resolved'). */
export async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise
    return 'resolved'
  } catch (error) {
    return error instanceof VerifyError ? error.code : `not a VerifyError: ${String(error)}`
  }
}

export function codeOfSync(run: () => unknown): string {
  try {
    run()
    return 'returned'
  } catch (error) {
    return error instanceof VerifyError ? error.code : `not a VerifyError: ${String(error)}`
  }
}
