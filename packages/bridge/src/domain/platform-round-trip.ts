/**
 * The platform's side of a sign-in, played by the bridge for the contract check: what the
 * platform would send to /authorize with the app's own settings (Discourse's signed request,
 * Freshworks' state and nonce, a harmless return target), and what it keeps to check the answer.
 */
import { createHmac } from 'node:crypto'
import type { PlatformName } from '../platforms/checks/index.js'
import type { PresetName } from './app-integration.js'
import type { App } from './apps.js'
import { BridgeError } from '../errors.js'
import { presets } from './presets.js'
import { randomToken } from './random-token.js'

/** The checks are named after platforms; two presets carry a product in their name. */
export const platformNameOf = (preset: PresetName): PlatformName =>
  preset === 'shopify-multipass' ? 'shopify' : preset === 'helpscout-docs' ? 'helpscout' : preset

export interface PlatformSide {
  /** The parameters the platform appends to /authorize?app=<id>. */
  query: Record<string, string>
  /** Where the answer goes (Freshworks' redirect_uri; else the app's endpoint). */
  redirectUri: string
  /** Freshworks' OAuth-like state. */
  state?: string
  /** What the platform keeps: `ctx.expected` of its checks. */
  expected: Record<string, string>
}

export type PresetApp = App & { preset: PresetName }

export const isPresetApp = (app: App): app is PresetApp => app.preset !== undefined

export function platformSide(app: PresetApp, secret: () => string, nowMs: number): PlatformSide {
  const preset = presets[app.preset]
  const redirectUri = app.callbackUrls[0]
  if (!redirectUri) {
    throw new BridgeError('invalid_config', {
      message: `app ${app.id} has no callback URL`,
      description: 'The app has no callback URL: set the platform’s endpoint first.',
    })
  }
  const query: Record<string, string> = {}
  const expected: Record<string, string> = {}
  let state: string | undefined
  if (preset.request === 'discourse-connect') {
    // The forum's own request, signed with the app's secret as the forum signs it.
    const nonce = randomToken(16)
    const payload = new URLSearchParams({ nonce, return_sso_url: redirectUri }).toString()
    const sso = Buffer.from(payload, 'utf8').toString('base64')
    query.sso = sso
    query.sig = createHmac('sha256', secret()).update(sso).digest('hex')
    Object.assign(expected, {
      nonce,
      nonce_issued_at: String(nowMs),
      return_sso_url: redirectUri,
    })
  }
  if (preset.request === 'freshworks') {
    state = randomToken(16)
    const nonce = randomToken(16)
    Object.assign(query, {
      state,
      nonce,
      redirect_uri: redirectUri,
      response_type: 'id_token',
      scope: 'openid email profile',
    })
    Object.assign(expected, { state, nonce, redirect_uri: redirectUri })
  }
  for (const name of preset.echo ?? []) {
    // Canny's account is named in the endpoint's query when the admin set it there.
    const value = new URL(redirectUri).searchParams.get(name) ?? 'contract-check'
    query[name] = value
    expected[name] = value
  }
  // GitBook lands the token on the site's URL plus the location: a site under a path has no
  // harmless location to send, so none is (GitBook sends none for its home page either).
  if (preset.returnTo && app.preset !== 'gitbook') {
    const value = preset.returnTo.kind === 'absolute' ? `${new URL(redirectUri).origin}/` : '/'
    query[preset.returnTo.param] = value
    expected[preset.returnTo.param] = value
  }
  if (app.preset === 'bigcommerce') {
    // The token must name the store's API account and the store itself.
    if (app.platform?.clientId) expected.client_id = app.platform.clientId
    if (app.platform?.storeHash) expected.store_hash = app.platform.storeHash
  }
  return { query, redirectUri, state, expected }
}
