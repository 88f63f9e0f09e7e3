/**
 * The console's "Check" for an OIDC issuer: runs discovery as a sign-in would (openid-client,
 * same timeout, http rule and outbound client) and says what the IdP offers and what will not
 * work. A target the outbound client refuses reads exactly like one that does not answer.
 */
import * as client from 'openid-client'
import { isLoopbackHost } from '../domain/loopback.js'
import { isOutboundError, outbound as processOutbound, type Outbound } from '../net/outbound.js'

export interface OidcCheckInput {
  issuer: string
  dangerouslyAllowHttpIssuer?: boolean
  dangerouslyAllowPrivateNetwork?: boolean
  tokenEndpointAuthMethod?: string
  scopes?: string[]
  timeoutSeconds?: number
}

export type OidcCheckResult =
  | {
      ok: true
      issuer: string
      authorizationEndpoint?: string
      tokenEndpoint?: string
      userinfoEndpoint?: string
      jwksUri?: string
      scopesSupported?: string[]
      tokenEndpointAuthMethods?: string[]
      idTokenAlgorithms?: string[]
      /** Things that will make sign-ins fail or degrade. */
      warnings: string[]
    }
  | {
      ok: false
      error: 'invalid_issuer' | 'unreachable' | 'invalid_discovery'
      description: string
    }

export async function checkOidcIssuer(
  input: OidcCheckInput,
  outbound: Outbound = processOutbound,
): Promise<OidcCheckResult> {
  let url: URL
  try {
    url = new URL(input.issuer)
  } catch {
    return { ok: false, error: 'invalid_issuer', description: 'The issuer is not a URL.' }
  }
  const http = url.protocol === 'http:'
  if (
    (http && !(input.dangerouslyAllowHttpIssuer && isLoopbackHost(url.hostname))) ||
    (!http && url.protocol !== 'https:')
  ) {
    return {
      ok: false,
      error: 'invalid_issuer',
      description:
        'The issuer must use https (http only on loopback with dangerouslyAllowHttpIssuer).',
    }
  }
  const timeout = input.timeoutSeconds ?? 10
  let metadata: client.ServerMetadata
  try {
    const config = await client.discovery(url, 'ssobridge-check', undefined, client.None(), {
      execute: http ? [client.allowInsecureRequests] : [],
      timeout,
      [client.customFetch]: outbound.fetch({
        allowPrivateNetwork: input.dangerouslyAllowPrivateNetwork,
        timeoutMs: timeout * 1000,
      }) as client.CustomFetch,
    })
    metadata = config.serverMetadata()
  } catch (error) {
    const e = error as { name?: string; message?: string; code?: string }
    const unreachable =
      isOutboundError(error) ||
      e.name === 'TimeoutError' ||
      e.name === 'AbortError' ||
      /fetch failed/.test(e.message ?? '')
    return unreachable
      ? {
          ok: false,
          error: 'unreachable',
          description: `No answer from ${url.origin} within ${timeout} s.`,
        }
      : {
          ok: false,
          error: 'invalid_discovery',
          // openid-client's codes name the broken rule (issuer mismatch, not JSON…); no IdP text.
          description: `Discovery at ${url.href.replace(/\/$/, '')}/.well-known/openid-configuration failed (${e.code ?? e.name ?? 'error'}).`,
        }
  }
  const warnings: string[] = []
  const pkce = metadata.code_challenge_methods_supported
  if (pkce && !pkce.includes('S256'))
    warnings.push('The IdP does not list PKCE S256; sign-ins use it anyway and may fail.')
  if (!metadata.userinfo_endpoint)
    warnings.push('No UserInfo endpoint: email and name must be in the ID token.')
  const methods = metadata.token_endpoint_auth_methods_supported
  const method = input.tokenEndpointAuthMethod ?? 'client_secret_basic'
  if (methods && !methods.includes(method))
    warnings.push(`The IdP does not list ${method}; it offers ${methods.join(', ')}.`)
  const scopes = metadata.scopes_supported
  for (const scope of input.scopes ?? ['openid', 'email', 'profile'])
    if (scopes && !scopes.includes(scope))
      warnings.push(`The IdP does not list the scope ${scope}.`)
  return {
    ok: true,
    issuer: metadata.issuer,
    authorizationEndpoint: metadata.authorization_endpoint,
    tokenEndpoint: metadata.token_endpoint,
    userinfoEndpoint: metadata.userinfo_endpoint,
    jwksUri: metadata.jwks_uri,
    scopesSupported: scopes,
    tokenEndpointAuthMethods: methods,
    idTokenAlgorithms: metadata.id_token_signing_alg_values_supported,
    warnings,
  }
}
