import type { ReplayStore } from './replay-store.js'

export type SigningAlgorithm = 'HS256' | 'ES256' | 'RS256' | 'EdDSA'

export interface VerifyOptions {
  /** The bridge's public URL, compared with `iss` as a whole string. */
  issuer: string
  /** The app id, compared with `aud` as a whole string. */
  audience: string
  /**
   * The app's HS256 secret (at least 32 bytes). Give this or `jwksUrl`, not both. While the
   * bridge rotates the secret, give both, new and old: a token signed with either verifies.
   */
  secret?: string | Uint8Array | readonly (string | Uint8Array)[]
  /** The bridge's `${issuer}/.well-known/jwks.json`, for ES256, RS256 or EdDSA. https, or http on loopback. */
  jwksUrl?: string | URL
  /** Accepted `alg` values; default `['HS256']` with `secret`, `['ES256']` with `jwksUrl`. */
  algorithms?: SigningAlgorithm[]
  /** Allowed clock skew for `exp`, `iat` and `nbf`; default 5. */
  clockToleranceSeconds?: number
  /** How old `iat` may be; default 300. */
  maxTokenAgeSeconds?: number
  /** Where used `jti` values are remembered; default a `MemoryReplayStore` per verifier. */
  replayStore?: ReplayStore
}
