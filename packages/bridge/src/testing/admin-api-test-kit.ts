/** Helpers for the admin API tests: a bridge, API keys with chosen scopes, JSON requests. */
import { apiScopes, createApiKey, type ApiScope } from '../admin/api-keys.js'
import { createTestBridge, ISSUER } from './bridge-fixture.js'

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
  async function call(
    method: string,
    path: string,
    options: {
      body?: unknown
      raw?: string
      key?: string | null
      headers?: Record<string, string>
    } = {},
  ) {
    const headers: Record<string, string> = { ...options.headers }
    const token = options.key === undefined ? full : options.key
    if (token !== null) headers.Authorization = `Bearer ${token}`
    let body: string | undefined
    if (options.raw !== undefined) body = options.raw
    else if (options.body !== undefined) body = JSON.stringify(options.body)
    if (body !== undefined) headers['Content-Type'] ??= 'application/json'
    const response = await bridge.app.request(`${ISSUER}/admin/api${path}`, {
      method,
      headers,
      body,
    })
    const text = await response.text()
    let json: any // eslint-disable-line @typescript-eslint/no-explicit-any
    try {
      json = text ? JSON.parse(text) : undefined
    } catch {
      json = undefined
    }
    return { status: response.status, headers: response.headers, json, text }
  }
  return { bridge, key, full, call }
}
