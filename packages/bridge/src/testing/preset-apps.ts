/**
 * A preset app for each platform fake: the config an admin would write for that platform, with
 * the fake's endpoint as the callback and the key both sides share. Tests, the e2e suite and the
 * contract check's tests start a fake, then a bridge with `presetApp(fake)`.
 */
import { generateKeyPairSync } from 'node:crypto'
import type { PresetName } from '../domain/app-integration.js'
import type { PlatformName } from '../platforms/checks/index.js'
import { startPlatformFake, type FakeOptions, type PlatformFake } from './platform-fakes/index.js'

export const PRESET_SECRET = 'preset-platform-secret-0123456789abcdef'

/** The preset each platform's fake stands for. */
export const presetOf: Record<PlatformName, PresetName> = {
  thinkific: 'thinkific',
  zendesk: 'zendesk',
  canny: 'canny',
  discourse: 'discourse',
  bigcommerce: 'bigcommerce',
  shopify: 'shopify-multipass',
  gitbook: 'gitbook',
  mintlify: 'mintlify',
  featurebase: 'featurebase',
  freshworks: 'freshworks',
  readme: 'readme',
  helpscout: 'helpscout-docs',
}

export const BIGCOMMERCE_ACCOUNT = {
  client_id: 'bc-client-id-0001',
  store_hash: 'fakestore1',
  api_token: 'bc-api-token-0123456789',
}

/** Mintlify issues the private key; the docs site checks with its public half. */
export const MINTLIFY_KEY = String(
  generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }),
)

/** The key the fake verifies with; Freshworks' is the bridge's RS256 public key, known later. */
export function fakeKey(platform: PlatformName): string {
  if (platform === 'mintlify') return MINTLIFY_KEY
  return PRESET_SECRET
}

/** Starts the fake of a platform, with the account settings its preset app names. */
export function startPresetFake(
  platform: PlatformName,
  signInUrl: string,
  options: Partial<FakeOptions> = {},
): Promise<PlatformFake> {
  return startPlatformFake({
    platform,
    key: fakeKey(platform),
    signInUrl,
    account: platform === 'bigcommerce' ? BIGCOMMERCE_ACCOUNT : undefined,
    ...options,
  })
}

/** The app an admin registers for the platform the fake stands for. */
export function presetApp(
  fake: PlatformFake,
  id: string,
  connections: string[] = ['staff'],
): Record<string, unknown> {
  const preset = presetOf[fake.platform]
  const base = { id, name: `${fake.platform} app`, preset, connections, origins: [fake.origin] }
  const secret = { signing: { secret: PRESET_SECRET } }
  switch (fake.platform) {
    case 'discourse':
      return { ...base, ...secret, callbackUrls: [fake.endpoint] }
    case 'bigcommerce':
      return {
        ...base,
        ...secret,
        callbackUrls: [fake.endpoint],
        platform: {
          clientId: BIGCOMMERCE_ACCOUNT.client_id,
          storeHash: BIGCOMMERCE_ACCOUNT.store_hash,
          apiToken: BIGCOMMERCE_ACCOUNT.api_token,
          apiUrl: fake.origin,
          createCustomers: true,
        },
        // The fake store's API is on loopback.
        dangerouslyAllowPrivateNetwork: true,
      }
    case 'mintlify':
      return { ...base, signing: { privateKey: MINTLIFY_KEY }, callbackUrls: [fake.endpoint] }
    case 'freshworks':
      return { ...base, signing: { alg: 'RS256' }, callbackUrls: [fake.endpoint] }
    case 'gitbook':
    case 'readme':
      return { ...base, ...secret, callbackUrls: [fake.origin + '/'] }
    default:
      return { ...base, ...secret, callbackUrls: [fake.endpoint] }
  }
}
