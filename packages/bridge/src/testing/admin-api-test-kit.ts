/** Helpers for the admin API tests: a bridge, API keys with chosen scopes, JSON requests. */
import { apiScopes, createApiKey, type ApiScope } from '../admin/api-keys.js'
import { createTestBridge, ISSUER } from './bridge-fixture.js'
import { jsonCall, type JsonCallOptions } from './json-call.js'

export const ROOT = { type: 'cli', id: 'test' } as const

/** An OIDC connection at an IdP the tests never call. */
export const corp = {
  id: 'corp',
  type: 'oidc',
  issuer: 'https://corp.example',
  clientId: 'ssobridge',
  clientSecret: 'corp-client-secret',
}

export async function apiBridge(options: Parameters<typeof createTestBridge>[0] = {}) {
  const bridge = await createTestBridge(options)
  const key = async (
    scopes: readonly ApiScope[] = apiScopes,
    extra: Record<string, unknown> = {},
  ) => (await createApiKey(bridge.storage, ROOT, { name: 'test', scopes, ...extra })).key
  const full = await key()
  const call = (
    method: string,
    path: string,
    options: Omit<JsonCallOptions, 'bearer'> & { key?: string | null } = {},
  ) =>
    jsonCall(bridge.app, method, `${ISSUER}/admin/api${path}`, {
      ...options,
      bearer: options.key === undefined ? full : options.key,
      contentType: 'application/json',
    })
  return { bridge, key, full, call }
}
