/**
 * The contract check of a preset app: mints as a sign-in does, builds exactly the delivery the
 * browser would take to the platform, and runs the platform's own rules on it (the same ones its
 * fake enforces), with the key the admin says the platform has and the platform's clock. Nothing
 * is sent to the platform; the report shows the token only truncated.
 */
import { decodeJwt, decodeProtectedHeader } from 'jose'
import { platformChecks, type RuleResult } from '../platforms/checks/index.js'
import { failed } from '../platforms/checks/types.js'
import { decodeMultipass } from '../platforms/shopify-multipass.js'
import { activePublicKeyPem } from '../keys/public-key-pem.js'
import type { Keystore } from '../keys/keystore.js'
import type { SecretBox } from '../keys/secret-box.js'
import { isBridgeError } from '../errors.js'
import { appPrivateKeyContext, appSecretContext } from './apps.js'
import type { MintInput, Minter } from './mint-token.js'
import { platformDelivery, type PlatformTarget } from './platform-delivery.js'
import { platformNameOf, type PresetApp } from './platform-round-trip.js'
import { presets } from './presets.js'
import type { StoreCustomers } from './store-customers.js'
import type { User } from './users.js'

export interface ContractCheckDeps {
  mint: Minter
  storeCustomers: StoreCustomers
}

/** What the token or payload carries, decoded for the admin to read. */
export type DecodedPayload =
  | { format: 'jwt'; header: Record<string, unknown>; claims: Record<string, unknown> }
  | { format: 'discourse-connect'; fields: Record<string, string> }
  | { format: 'multipass'; payload?: Record<string, unknown> }

export interface ContractReport {
  app: string
  /** The preset's label: "Check against Thinkific". */
  platform: string
  user: string
  /** The request the browser would make, with every long value (the token) cut short. */
  delivery: { method: 'GET' | 'POST'; url: string; form?: Record<string, string> }
  decoded: DecodedPayload
  /** The platform's clock: the bridge's plus the offset the admin gave. */
  clock: { bridge: string; platform: string; offsetSeconds: number }
  results: RuleResult[]
  passed: number
  failed: number
}

export interface ContractCheckInput {
  app: PresetApp
  user: User
  session: MintInput['session']
  /** Where the answer goes and what the platform's request said (as /authorize read it). */
  target: PlatformTarget
  expected: Record<string, string>
  /** The key the platform checks with. */
  key: string
  /** The bridge's clock now (ms) and how far the platform's runs ahead of it. */
  now: number
  clockOffsetSeconds: number
  /** The app's own shared secret, to decode a Multipass payload for the report. */
  appSecret?: () => string
}

const STORE_FIX =
  "Check the app's BigCommerce store hash, API token (Customers scope) and API URL, and that the user is a customer of the store (or turn on createCustomers)."

export async function runContractCheck(
  deps: ContractCheckDeps,
  input: ContractCheckInput,
): Promise<ContractReport> {
  const { app, user } = input
  const preset = presets[app.preset]
  const before: RuleResult[] = []
  let customerId: number | undefined
  if (app.preset === 'bigcommerce') {
    // A real lookup, as a sign-in makes it: a store that cannot answer is what the check shows.
    try {
      customerId = await deps.storeCustomers(app, user)
    } catch (error) {
      if (!isBridgeError(error)) throw error
      before.push(failed('store.customers', error.description, STORE_FIX))
    }
  }
  const token = await deps.mint({
    app,
    user,
    session: input.session,
    platform: { request: input.target.platform, customerId },
  })
  const delivery = platformDelivery(app, input.target, token)
  const platformNow = input.now + input.clockOffsetSeconds * 1000
  const seen = new Set<string>()
  const results = [
    ...before,
    ...(await platformChecks[platformNameOf(app.preset)](delivery, {
      key: input.key,
      now: platformNow,
      seen: (id) => seen.has(id),
      expected: input.expected,
    })),
  ]
  const failures = results.filter((r) => !r.pass).length
  return {
    app: app.id,
    platform: preset.label,
    user: user.email,
    delivery: {
      method: delivery.method,
      url: shortenUrl(delivery.url),
      form: delivery.form && shortenValues(delivery.form),
    },
    decoded: decodePayload(preset.format, token, input.appSecret),
    clock: {
      bridge: new Date(input.now).toISOString(),
      platform: new Date(platformNow).toISOString(),
      offsetSeconds: input.clockOffsetSeconds,
    },
    results,
    passed: results.length - failures,
    failed: failures,
  }
}

/**
 * The key the platform holds when the admin set it up as the bridge says: the app's shared
 * secret, the bridge's RS256 public key (Freshworks), or the EdDSA key Mintlify issued.
 */
export async function ownPlatformKey(
  app: PresetApp,
  keys: { box: SecretBox; keystore: Keystore },
): Promise<string> {
  const preset = presets[app.preset]
  const { signing } = app
  if (preset.key === 'bridge-rs256') return activePublicKeyPem(keys.keystore, 'RS256')
  if (signing.alg === 'HS256') return keys.box.open(signing.secretSealed, appSecretContext(app.id))
  if (signing.privateKeySealed)
    return keys.box.open(signing.privateKeySealed, appPrivateKeyContext(app.id))
  return activePublicKeyPem(keys.keystore, signing.alg)
}

function decodePayload(
  format: 'jwt' | 'discourse-connect' | 'multipass',
  token: string,
  appSecret: (() => string) | undefined,
): DecodedPayload {
  if (format === 'jwt') {
    return { format, header: decodeProtectedHeader(token), claims: decodeJwt(token) }
  }
  if (format === 'discourse-connect') {
    const sso = new URLSearchParams(token).get('sso') ?? ''
    const text = Buffer.from(sso, 'base64').toString('utf8')
    return { format, fields: Object.fromEntries(new URLSearchParams(text)) }
  }
  try {
    return { format, payload: appSecret ? decodeMultipass(token, appSecret()) : undefined }
  } catch {
    return { format }
  }
}

/** Values longer than this are tokens (or signatures): shown cut, with their length. */
const LONG = 48
const shorten = (value: string) =>
  value.length > LONG ? `${value.slice(0, 16)}…${value.slice(-8)} (${value.length} chars)` : value

function shortenValues(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, shorten(v)]))
}

/** The URL as text, its long path segments, query values and fragment cut short. */
export function shortenUrl(href: string): string {
  const url = new URL(href)
  const path = url.pathname
    .split('/')
    .map((segment) => shorten(decodeURIComponent(segment)))
    .join('/')
  const query = [...url.searchParams].map(([k, v]) => `${k}=${shorten(v)}`).join('&')
  const hash = url.hash ? `#${shorten(url.hash.slice(1))}` : ''
  return `${url.origin}${path}${query ? `?${query}` : ''}${hash}`
}
