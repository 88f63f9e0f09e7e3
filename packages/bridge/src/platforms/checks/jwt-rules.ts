/**
 * The JWT part every JWT platform checks the same way: it decodes, its header names the type
 * and an algorithm the platform verifies with, and the signature holds under the platform's key.
 */
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto'
import { compactVerify, decodeJwt, decodeProtectedHeader, errors, type JWTPayload } from 'jose'
import { failed, passed, type RuleResult } from './types.js'

export interface JwtSpec {
  platform: string
  /** Algorithms the platform verifies with, as its documentation names them. */
  algorithms: string[]
  /** Zendesk and BigCommerce refuse a token whose header has no `typ: JWT`. */
  requireTyp: boolean
  /** Where the admin finds the key in the platform, for the fix sentence. */
  keyWhere: string
}

export interface JwtOutcome {
  results: RuleResult[]
  /** The payload as the platform would read it (also when the signature failed, for the report). */
  claims?: JWTPayload
}

/** A symmetric secret as-is; a PEM or JWK as its public key (a private key gives its public half). */
function verificationKey(key: string, alg: string): Uint8Array | KeyObject {
  if (alg.startsWith('HS')) return new TextEncoder().encode(key)
  const text = key.trim()
  if (text.startsWith('{')) {
    const jwk = JSON.parse(text) as { d?: string }
    return jwk.d
      ? createPublicKey(createPrivateKey({ key: jwk, format: 'jwk' }))
      : createPublicKey({ key: jwk, format: 'jwk' })
  }
  return text.includes('PRIVATE KEY')
    ? createPublicKey(createPrivateKey(text))
    : createPublicKey(text)
}

export async function checkJwt(
  token: string | undefined,
  spec: JwtSpec,
  key: string,
): Promise<JwtOutcome> {
  if (!token) {
    return {
      results: [
        failed(
          'format.token',
          `no token where ${spec.platform} reads it`,
          `Set this app's preset to ${spec.platform} so the token travels where the platform reads it.`,
        ),
      ],
    }
  }
  let header: ReturnType<typeof decodeProtectedHeader>
  let claims: JWTPayload
  try {
    header = decodeProtectedHeader(token)
    claims = decodeJwt(token)
  } catch {
    return {
      results: [
        failed(
          'format.token',
          'not a compact JWT (three base64url parts with a JSON header and payload)',
          'The token was cut or re-encoded on the way: deliver it unchanged, URL-encoded once.',
        ),
      ],
    }
  }
  const results: RuleResult[] = [passed('format.token', 'a compact JWT')]
  if (spec.requireTyp) {
    results.push(
      header.typ === 'JWT'
        ? passed('header.typ', 'typ is JWT')
        : failed(
            'header.typ',
            header.typ === undefined
              ? 'no typ in the header'
              : `typ is ${JSON.stringify(header.typ)}`,
            `${spec.platform} refuses a token without "typ": "JWT" in its header: keep the preset's header.`,
          ),
    )
  }
  const alg = header.alg ?? ''
  if (!spec.algorithms.includes(alg)) {
    results.push(
      failed(
        'header.alg',
        `alg is ${JSON.stringify(header.alg)}; ${spec.platform} verifies ${spec.algorithms.join(' or ')}`,
        `Sign this app's tokens with ${spec.algorithms[0]}.`,
      ),
    )
    return { results, claims }
  }
  results.push(passed('header.alg', `alg is ${alg}`))
  const keyFix = `The platform's key differs from the one in the bridge: paste ${spec.keyWhere} into this app's key in the bridge.`
  let verifyKey: Uint8Array | KeyObject
  try {
    verifyKey = verificationKey(key, alg)
  } catch {
    results.push(failed('signature', `the key is not a usable ${alg} key`, keyFix))
    return { results, claims }
  }
  try {
    await compactVerify(token, verifyKey, { algorithms: [alg] })
    results.push(passed('signature', `${alg} signature verifies`))
  } catch (error) {
    const detail =
      error instanceof errors.JWSSignatureVerificationFailed
        ? `the ${alg} signature does not verify with the platform's key`
        : `the ${alg} signature cannot be checked with the platform's key`
    results.push(failed('signature', detail, keyFix))
  }
  return { results, claims }
}
