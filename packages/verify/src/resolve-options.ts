// Checks `VerifyOptions` once, when a verifier is created, and turns them into what verifying needs.
import { createRemoteJWKSet, type JWTVerifyGetKey } from 'jose'
import { MemoryReplayStore } from './memory-replay-store.js'
import type { ReplayStore } from './replay-store.js'
import type { SigningAlgorithm, VerifyOptions } from './verify-options.js'
import { VerifyError } from './verify-error.js'

export const MIN_SECRET_BYTES = 32

const symmetric: readonly SigningAlgorithm[] = ['HS256']
const asymmetric: readonly SigningAlgorithm[] = ['ES256', 'RS256', 'EdDSA']
const loopbackHosts = new Set(['localhost', '127.0.0.1', '[::1]'])

export interface ResolvedOptions {
  issuer: string
  audience: string
  /** `secrets` holds one secret, or two while the app's secret is being rotated. */
  key: { kind: 'secret'; secrets: Uint8Array[] } | { kind: 'jwks'; getKey: JWTVerifyGetKey }
  algorithms: SigningAlgorithm[]
  clockToleranceSeconds: number
  maxTokenAgeSeconds: number
  replayStore: ReplayStore
}

/** One remote key set per URL, shared by every verifier of the process (jose caches and rate-limits refreshes). */
const remoteKeySets = new Map<string, JWTVerifyGetKey>()

function invalid(message: string): VerifyError {
  return new VerifyError('invalid_options', message)
}

function nonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0
}

export function resolveOptions(options: VerifyOptions): ResolvedOptions {
  if (typeof options !== 'object' || options === null) throw invalid('Options are required.')
  const { issuer, audience, secret, jwksUrl, replayStore } = options
  if (!nonEmptyString(issuer)) throw invalid('issuer must be a non-empty string.')
  if (!nonEmptyString(audience)) throw invalid('audience must be a non-empty string (the app id).')
  if (secret !== undefined && jwksUrl !== undefined) {
    throw invalid('Give either secret (HS256) or jwksUrl (ES256, RS256, EdDSA), not both.')
  }
  if (secret === undefined && jwksUrl === undefined) {
    throw invalid('Give secret (HS256) or jwksUrl (ES256, RS256, EdDSA).')
  }

  const algorithms = options.algorithms ?? (secret !== undefined ? ['HS256'] : ['ES256'])
  if (!Array.isArray(algorithms) || algorithms.length === 0) {
    throw invalid('algorithms must be a non-empty array.')
  }
  const allowed = secret !== undefined ? symmetric : asymmetric
  for (const alg of algorithms) {
    if (!allowed.includes(alg)) {
      throw invalid(
        secret !== undefined
          ? 'A secret verifies HS256 only; use jwksUrl for ES256, RS256 or EdDSA.'
          : 'A JWKS verifies ES256, RS256 or EdDSA only; use secret for HS256.',
      )
    }
  }

  const clockToleranceSeconds = options.clockToleranceSeconds ?? 5
  if (!Number.isFinite(clockToleranceSeconds) || clockToleranceSeconds < 0) {
    throw invalid('clockToleranceSeconds must be a non-negative number.')
  }
  const maxTokenAgeSeconds = options.maxTokenAgeSeconds ?? 300
  if (!Number.isFinite(maxTokenAgeSeconds) || maxTokenAgeSeconds <= 0) {
    throw invalid('maxTokenAgeSeconds must be a positive number.')
  }
  if (replayStore !== undefined && typeof replayStore?.markUsed !== 'function') {
    throw invalid('replayStore must have a markUsed(jti, expiresAtEpochSeconds) method.')
  }

  return {
    issuer,
    audience,
    key: secret !== undefined ? secretKey(secret) : jwksKey(jwksUrl),
    algorithms: [...new Set(algorithms)],
    clockToleranceSeconds,
    maxTokenAgeSeconds,
    replayStore: replayStore ?? new MemoryReplayStore(),
  }
}

function secretKey(secret: VerifyOptions['secret']): ResolvedOptions['key'] {
  const list = Array.isArray(secret) ? secret : [secret]
  if (list.length === 0) throw invalid('secret must not be an empty list.')
  return { kind: 'secret', secrets: list.map(secretBytes) }
}

function secretBytes(secret: unknown): Uint8Array {
  let bytes: Uint8Array
  if (typeof secret === 'string') bytes = new TextEncoder().encode(secret)
  else if (secret instanceof Uint8Array) bytes = Uint8Array.from(secret)
  else throw invalid('secret must be a string or a Uint8Array, or a list of them.')
  if (bytes.length < MIN_SECRET_BYTES) {
    throw invalid(`secret must be at least ${MIN_SECRET_BYTES} bytes.`)
  }
  return bytes
}

function jwksKey(jwksUrl: string | URL | undefined): ResolvedOptions['key'] {
  let url: URL
  try {
    url = new URL(String(jwksUrl))
  } catch {
    throw invalid('jwksUrl must be an absolute URL.')
  }
  const secure = url.protocol === 'https:'
  const loopback = url.protocol === 'http:' && loopbackHosts.has(url.hostname)
  if (!secure && !loopback) throw invalid('jwksUrl must use https (http only on loopback).')
  if (url.username || url.password || url.hash) {
    throw invalid('jwksUrl must not carry credentials or a fragment.')
  }
  let getKey = remoteKeySets.get(url.href)
  if (getKey === undefined) {
    getKey = createRemoteJWKSet(url)
    remoteKeySets.set(url.href, getKey)
  }
  return { kind: 'jwks', getKey }
}
