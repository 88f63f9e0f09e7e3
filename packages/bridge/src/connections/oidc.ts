/**
 * The bridge as an OpenID Connect relying party, on openid-client: discovery (cached, refreshed),
 * authorization code with PKCE S256, state, nonce and RFC 9207 `iss` checks, ID token and
 * UserInfo validation. No protocol code of our own beyond wiring.
 */
import { createPrivateKey } from 'node:crypto'
import { importPKCS8 } from 'jose'
import * as client from 'openid-client'
import { connectionSecretContext, type OidcConnection } from '../domain/connections.js'
import { BridgeError } from '../errors.js'
import type { SecretBox } from '../keys/secret-box.js'
import type { Logger } from '../logger.js'
import { isOutboundError, outbound as processOutbound, type Outbound } from '../net/outbound.js'
import { mapClaims } from './claim-mapping.js'
import type { UpstreamIdentity } from '../domain/upstream-identity.js'

// Discovery documents change rarely; refetch hourly, or at once when the connection is edited.
const DISCOVERY_TTL_MS = 60 * 60 * 1000

export interface OidcAuthorizationInput {
  redirectUri: string
  state: string
  nonce: string
  codeVerifier: string
  loginHint?: string
  forceLogin?: boolean
}

export type UpstreamRefusal = { error: string; description?: string }

export function createOidcRelyingParty(options: {
  box: SecretBox
  logger: Logger
  now?: () => number
  outbound?: Outbound
}) {
  const now = options.now ?? Date.now
  const outbound = options.outbound ?? processOutbound
  const cache = new Map<
    string,
    { config: Promise<client.Configuration>; at: number; version: number }
  >()

  async function clientAuth(connection: OidcConnection): Promise<client.ClientAuth> {
    const open = (sealed: string | undefined, field: string) =>
      sealed === undefined
        ? undefined
        : options.box.open(sealed, connectionSecretContext(connection.id, field))
    if (connection.tokenEndpointAuthMethod === 'private_key_jwt') {
      const pem = open(connection.privateKeySealed, 'privateKey') as string
      const type = createPrivateKey(pem).asymmetricKeyType
      const alg = type === 'ec' ? 'ES256' : type === 'ed25519' ? 'EdDSA' : 'RS256'
      return client.PrivateKeyJwt(await importPKCS8(pem, alg))
    }
    const secret = open(connection.clientSecretSealed, 'clientSecret')
    return connection.tokenEndpointAuthMethod === 'client_secret_post'
      ? client.ClientSecretPost(secret)
      : client.ClientSecretBasic(secret)
  }

  async function discover(connection: OidcConnection): Promise<client.Configuration> {
    const execute = connection.dangerouslyAllowHttpIssuer ? [client.allowInsecureRequests] : []
    if (connection.dangerouslyAllowHttpIssuer) {
      options.logger.warn('dangerouslyAllowHttpIssuer is on', { connection: connection.id })
    }
    const config = await client.discovery(
      new URL(connection.issuer),
      connection.clientId,
      undefined,
      await clientAuth(connection),
      {
        execute,
        timeout: connection.timeoutSeconds,
        // Discovery, and every request after it on this configuration (token, UserInfo, JWKS).
        [client.customFetch]: outbound.fetch({
          allowPrivateNetwork: connection.dangerouslyAllowPrivateNetwork,
          timeoutMs: connection.timeoutSeconds * 1000,
        }) as client.CustomFetch,
      },
    )
    config.timeout = connection.timeoutSeconds
    // openid-client trusts an ID token from the token endpoint on TLS alone and checks no
    // signature by default: `alg: none` or a forged signature would pass. Verify against the JWKS.
    client.enableNonRepudiationChecks(config)
    return config
  }

  function configuration(connection: OidcConnection): Promise<client.Configuration> {
    const cached = cache.get(connection.id)
    if (cached && cached.version === connection.updatedAt && now() - cached.at < DISCOVERY_TTL_MS) {
      return cached.config
    }
    const config = discover(connection)
    // A failed discovery is not cached: the next sign-in tries again.
    config.catch(() => cache.delete(connection.id))
    cache.set(connection.id, { config, at: now(), version: connection.updatedAt })
    return config
  }

  return {
    async authorizationUrl(
      connection: OidcConnection,
      input: OidcAuthorizationInput,
    ): Promise<URL> {
      const config = await upstream(connection, 'discovery', () => configuration(connection))
      const params: Record<string, string> = {
        redirect_uri: input.redirectUri,
        scope: connection.scopes.join(' '),
        state: input.state,
        nonce: input.nonce,
        code_challenge: await client.calculatePKCECodeChallenge(input.codeVerifier),
        code_challenge_method: 'S256',
      }
      if (input.loginHint) params.login_hint = input.loginHint
      if (input.forceLogin) params.prompt = 'login'
      return client.buildAuthorizationUrl(config, params)
    },

    /**
     * Redeems the code the IdP sent back to `callbackUrl`. Returns the identity, or the IdP's own
     * refusal (`access_denied`…) for the site to hear about; anything invalid throws.
     */
    async finish(
      connection: OidcConnection,
      callbackUrl: URL,
      expected: { state: string; nonce: string; codeVerifier: string },
    ): Promise<UpstreamIdentity | UpstreamRefusal> {
      const config = await upstream(connection, 'discovery', () => configuration(connection))
      let tokens
      try {
        tokens = await client.authorizationCodeGrant(config, callbackUrl, {
          pkceCodeVerifier: expected.codeVerifier,
          expectedState: expected.state,
          expectedNonce: expected.nonce,
          idTokenExpected: true,
        })
      } catch (error) {
        if (error instanceof client.AuthorizationResponseError) {
          return { error: error.error, description: error.error_description }
        }
        if (callbackRefused(error)) {
          throw new BridgeError('upstream_response_invalid', {
            message: `oidc callback refused for connection ${connection.id}: ${(error as Error).name}`,
            cause: error,
          })
        }
        throw upstreamError(connection, 'token', error)
      }
      const idToken = tokens.claims()
      if (!idToken) throw upstreamError(connection, 'token', new Error('no ID token'))
      let userInfo: Record<string, unknown> = {}
      if (tokens.access_token && config.serverMetadata().userinfo_endpoint) {
        // UserInfo's `sub` must equal the ID token's; openid-client refuses otherwise.
        userInfo = await upstream(connection, 'userinfo', () =>
          client.fetchUserInfo(config, tokens.access_token, idToken.sub),
        )
      }
      // The signed ID token wins over UserInfo where both speak.
      return mapClaims(idToken.sub, { ...userInfo, ...idToken }, connection.claims)
    },
  }
}

export type OidcRelyingParty = ReturnType<typeof createOidcRelyingParty>

export const isRefusal = (result: UpstreamIdentity | UpstreamRefusal): result is UpstreamRefusal =>
  'error' in result

async function upstream<T>(
  connection: OidcConnection,
  step: string,
  run: () => Promise<T>,
): Promise<T> {
  try {
    return await run()
  } catch (error) {
    throw upstreamError(connection, step, error)
  }
}

/**
 * True when what failed is the callback the browser brought, not the IdP's server: openid-client
 * refused its parameters (a wrong or missing `iss`: those refusals carry the parameters), or the
 * token endpoint answered `invalid_grant` to its code (bogus, used, or another sign-in's).
 */
function callbackRefused(error: unknown): boolean {
  if (error instanceof client.ResponseBodyError)
    return error.error === 'invalid_grant' && error.status >= 400 && error.status < 500
  const processing = (error as { cause?: { cause?: { parameters?: unknown } } }).cause
  return (
    error instanceof client.ClientError && processing?.cause?.parameters instanceof URLSearchParams
  )
}

function upstreamError(connection: OidcConnection, step: string, error: unknown): BridgeError {
  const cause = error as { name?: string; code?: string; message?: string }
  const unreachable =
    isOutboundError(error) ||
    cause.name === 'TimeoutError' ||
    cause.name === 'AbortError' ||
    // openid-client wraps its own request timeouts in a ClientError with these codes.
    cause.code === 'OAUTH_TIMEOUT' ||
    cause.code === 'OAUTH_ABORT' ||
    /fetch failed/.test(cause.message ?? '')
  return new BridgeError(unreachable ? 'upstream_unavailable' : 'upstream_error', {
    // Names and codes only: messages from the IdP's side may quote tokens.
    message:
      `oidc ${step} failed for connection ${connection.id}: ${cause.name ?? 'Error'} ${cause.code ?? ''}`.trim(),
    cause: error,
  })
}
