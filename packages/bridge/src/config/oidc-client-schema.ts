/**
 * The `oidc` field of an app in the config file: `oidc: true` makes the app a public OpenID
 * Connect client (PKCE only); an object with a `clientSecret` makes it a confidential one.
 * Also the rules that tie it to the rest of the app, and how it is sealed and compared.
 */
import { z } from 'zod'
import type { OidcClientSettings } from '../domain/oidc-client.js'
import { oidcClientSecretContext, openClientSecret } from '../domain/oidc-client.js'
import type { SecretBox } from '../keys/secret-box.js'
import { MAX_TOKEN_LIFETIME_SECONDS } from '../keys/max-token-lifetime.js'
import { webUrl } from './common-fields.js'

export const MIN_CLIENT_SECRET_LENGTH = 32

export interface OidcClientConfig {
  clientSecret?: string
  tokenEndpointAuthMethod?: 'client_secret_basic' | 'client_secret_post'
  postLogoutRedirectUris: string[]
  refreshTokens: boolean
  accessTokenTtl: number
}

/** Built when the schema is, with the file's `secret` type (it resolves `env:NAME`). */
export function oidcClientField(secret: z.ZodType<string, string>) {
  const settings = z.strictObject({
    clientSecret: secret
      .refine(
        (value) => value.length >= MIN_CLIENT_SECRET_LENGTH,
        `client secrets must be at least ${MIN_CLIENT_SECRET_LENGTH} characters (use 32 random bytes)`,
      )
      .optional(),
    tokenEndpointAuthMethod: z.enum(['client_secret_basic', 'client_secret_post']).optional(),
    postLogoutRedirectUris: z
      .array(webUrl('post-logout redirect URI', { allowPath: true }))
      .max(20)
      .default([]),
    refreshTokens: z.boolean().default(false),
    accessTokenTtl: z.number().int().min(30).max(MAX_TOKEN_LIFETIME_SECONDS).default(300),
  })
  return z.union([
    z.literal(true).transform((): OidcClientConfig => ({
      postLogoutRedirectUris: [],
      refreshTokens: false,
      accessTokenTtl: 300,
    })),
    settings,
  ])
}

/** Cross-field rules of an OIDC app, reported at the offending field. */
export function checkOidcApp(
  app: { signing: { alg: string }; oidc?: OidcClientConfig },
  issue: (path: (string | number)[], message: string) => void,
): void {
  if (!app.oidc) return
  if (app.signing.alg === 'HS256') {
    issue(
      ['signing', 'alg'],
      'an OpenID Connect client needs ES256, RS256 or EdDSA (ID tokens are verified with the JWKS)',
    )
  }
  if (app.oidc.tokenEndpointAuthMethod && app.oidc.clientSecret === undefined) {
    issue(['oidc', 'clientSecret'], `is required for ${app.oidc.tokenEndpointAuthMethod}`)
  }
}

export function sealOidcClient(
  box: SecretBox,
  appId: string,
  config: OidcClientConfig | undefined,
): OidcClientSettings | undefined {
  if (!config) return undefined
  const { clientSecret, tokenEndpointAuthMethod, ...rest } = config
  if (clientSecret === undefined) return { ...rest, tokenEndpointAuthMethod: 'none' }
  return {
    ...rest,
    tokenEndpointAuthMethod: tokenEndpointAuthMethod ?? 'client_secret_basic',
    clientSecretSealed: box.seal(clientSecret, oidcClientSecretContext(appId)),
  }
}

/** Whether the stored client says what the file says (sealed values differ on every seal). */
export function sameOidcClient(
  box: SecretBox,
  appId: string,
  stored: OidcClientSettings | undefined,
  config: OidcClientConfig | undefined,
): boolean {
  if (!stored || !config) return stored === undefined && config === undefined
  const { clientSecretSealed: _, ...plain } = stored
  const wanted = sealOidcClient(box, appId, { ...config, clientSecret: undefined })
  const method =
    config.clientSecret === undefined
      ? 'none'
      : (config.tokenEndpointAuthMethod ?? 'client_secret_basic')
  return (
    JSON.stringify(sorted({ ...plain })) ===
      JSON.stringify(sorted({ ...wanted, tokenEndpointAuthMethod: method })) &&
    openClientSecret(box, appId, stored) === config.clientSecret
  )
}

const sorted = (value: object) =>
  Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)))

/** The stored client in the config file's shape, without its secret (exports, admin edits). */
export function oidcClientAsConfig(settings: OidcClientSettings | undefined) {
  if (!settings) return undefined
  const { clientSecretSealed: _, tokenEndpointAuthMethod, ...rest } = settings
  return tokenEndpointAuthMethod === 'none' ? rest : { ...rest, tokenEndpointAuthMethod }
}

/**
 * An admin edit names a confidential method but leaves the secret out (it is write-only): the
 * client keeps the secret it has. A public client stays public.
 */
export function keepOidcClientSecret(
  box: SecretBox,
  input: unknown,
  existing: { id: string; oidc?: OidcClientSettings } | undefined,
): unknown {
  if (!input || typeof input !== 'object' || !existing?.oidc) return input
  const fields = input as Record<string, unknown>
  if (fields.clientSecret !== undefined || fields.tokenEndpointAuthMethod === undefined)
    return input
  const kept = openClientSecret(box, existing.id, existing.oidc)
  return kept === undefined ? input : { ...fields, clientSecret: kept }
}
