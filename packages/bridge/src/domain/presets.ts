/**
 * Platforms that take a sign-in at their own URL, each with the exact format, key, delivery, round
 * trip and claims it expects (../shared/research/platform-contracts.md; the platform's own
 * documentation wins). An app with `preset:` starts from these; its own `claims:` still override
 * them, except privilege fields, which only an admin's fixed value may set.
 */
import type { AppIntegration, ClaimRule, DeliveryMode, PresetName } from './app-integration.js'

export { presetNames } from './app-integration.js'

/** JWT registered claims the bridge can set; a preset lists the ones its platform reads. */
export type RegisteredClaim = 'iss' | 'aud' | 'sub' | 'iat' | 'exp' | 'jti' | 'nonce'

/**
 * What reaches the platform: a JWT, DiscourseConnect's signed payload, or a Shopify Multipass
 * token (AES-128-CBC + HMAC-SHA256 of a JSON customer).
 */
export type PresetFormat = 'jwt' | 'discourse-connect' | 'multipass'

/**
 * Where the answer rides: the query of the endpoint, a form POST to it, appended to its path
 * (BigCommerce, Shopify), its fragment (Mintlify, which only the page's script reads), or the
 * query of the URL the platform's own request named (Discourse's return_sso_url).
 */
export type PresetDelivery = 'query' | 'form_post' | 'path' | 'fragment' | 'reply'

/**
 * The key the platform checks with: a secret it hands out (`signing.secret`), the bridge's own
 * RS256 key whose public half the admin pastes into the platform, or an EdDSA private key the
 * platform issues (`signing.privateKey`).
 */
export type PresetKey = 'secret' | 'bridge-rs256' | 'platform-eddsa'

/**
 * Where the platform says to send the visitor afterwards: an absolute URL (on one of the app's
 * origins) or a path on the platform's site.
 */
export interface ReturnTarget {
  /** The parameter it arrives in at /authorize. */
  param: string
  kind: 'absolute' | 'path'
}

export interface Preset {
  /** Shown to admins: "Check against Discourse". */
  label: string
  format: PresetFormat
  key: PresetKey
  /** The JWT algorithm over a shared secret (Help Scout's example signs HS512). */
  alg?: 'HS256' | 'HS512'
  delivery: PresetDelivery
  /** The parameter carrying a JWT in a query, form or fragment delivery. */
  tokenParam?: string
  /** The parameter the return target goes back in (the claim, for BigCommerce and Shopify). */
  returnTo?: ReturnTarget & { echo?: string }
  /** Values the platform sends that must come back unchanged in the query (Canny's companyID). */
  echo?: string[]
  /** The platform starts the sign-in with a signed request (Discourse) or an OAuth-like one (Freshworks). */
  request?: 'discourse-connect' | 'freshworks'
  registered: RegisteredClaim[]
  claims: Record<string, ClaimRule>
  /** Fields that grant rights on the platform: never mapped from attributes, fixed values only. */
  privileged?: string[]
  /** Token lifetime when the app sets none (Mintlify wants "10 seconds or less"). */
  tokenTtl?: number
  /** Longest lifetime the platform takes; the config refuses more. */
  maxTokenTtl?: number
}

const from = (...sources: Extract<ClaimRule, { from: unknown }>['from']): ClaimRule => ({
  from: sources,
})

export const presets: Record<PresetName, Preset> = {
  // GET https://<school>.thinkific.com/api/sso/v2/sso/jwt?jwt=…&return_to=…&error_url=…
  thinkific: {
    label: 'Thinkific',
    format: 'jwt',
    key: 'secret',
    delivery: 'query',
    tokenParam: 'jwt',
    returnTo: { param: 'return_to', kind: 'absolute' },
    registered: ['iat'],
    // Thinkific refuses a token without both names: a one-word name fills both, and a user
    // with no name at all is known by the start of their email.
    claims: {
      first_name: from('given_name', 'name', 'username'),
      last_name: from('family_name', 'given_name', 'name', 'username'),
      email: from('email'),
      external_id: from('sub'),
    },
  },
  // POST (form) https://<subdomain>.zendesk.com/access/jwt with jwt and return_to
  zendesk: {
    label: 'Zendesk',
    format: 'jwt',
    key: 'secret',
    delivery: 'form_post',
    tokenParam: 'jwt',
    returnTo: { param: 'return_to', kind: 'absolute' },
    registered: ['iat', 'jti'],
    claims: {
      name: from('name', 'email'),
      email: from('email'),
      external_id: from('sub'),
    },
    privileged: ['role'],
  },
  // Canny → /authorize?companyID=…&redirect=…; GET https://canny.io/api/redirects/sso?companyID=…&ssoToken=…&redirect=…
  canny: {
    label: 'Canny',
    format: 'jwt',
    key: 'secret',
    delivery: 'query',
    tokenParam: 'ssoToken',
    returnTo: { param: 'redirect', kind: 'absolute' },
    echo: ['companyID'],
    registered: [],
    claims: {
      avatarURL: from('picture'),
      email: from('email'),
      id: from('sub'),
      name: from('name', 'email'),
    },
  },
  // Discourse → /authorize?sso=…&sig=…; GET <return_sso_url>?sso=…&sig=…
  discourse: {
    label: 'Discourse',
    format: 'discourse-connect',
    key: 'secret',
    delivery: 'reply',
    request: 'discourse-connect',
    registered: [],
    claims: {
      external_id: from('sub'),
      email: from('email'),
      username: from('username'),
      name: from('name'),
      avatar_url: from('picture'),
    },
    privileged: ['admin', 'moderator', 'groups', 'add_groups', 'remove_groups'],
  },
  // GET https://<store>/login/token/<JWT>; customer_id from the store's Customers API
  bigcommerce: {
    label: 'BigCommerce',
    format: 'jwt',
    key: 'secret',
    delivery: 'path',
    returnTo: { param: 'return_to', kind: 'path', echo: 'redirect_to' },
    registered: ['iat', 'jti'],
    claims: {},
    tokenTtl: 30,
    maxTokenTtl: 30,
  },
  // GET https://<shop>.myshopify.com/account/login/multipass/<token>
  'shopify-multipass': {
    label: 'Shopify',
    format: 'multipass',
    key: 'secret',
    delivery: 'path',
    returnTo: { param: 'return_to', kind: 'absolute', echo: 'return_to' },
    registered: [],
    claims: {
      email: from('email'),
      first_name: from('given_name'),
      last_name: from('family_name'),
      identifier: from('sub'),
    },
  },
  // GitBook → /authorize?location=/page; GET <site><location>?jwt_token=…
  gitbook: {
    label: 'GitBook',
    format: 'jwt',
    key: 'secret',
    delivery: 'query',
    tokenParam: 'jwt_token',
    returnTo: { param: 'location', kind: 'path' },
    registered: ['sub', 'iat', 'exp'],
    claims: { email: from('email'), name: from('name') },
  },
  // Mintlify → /authorize?redirect=/page; GET <docs>/login/jwt-callback?redirect=/page#<JWT>
  mintlify: {
    label: 'Mintlify',
    format: 'jwt',
    key: 'platform-eddsa',
    delivery: 'fragment',
    returnTo: { param: 'redirect', kind: 'path' },
    registered: ['iat', 'exp'],
    // Mintlify's user object: groups decide which pages a reader sees.
    claims: { groups: from('groups') },
    tokenTtl: 10,
    maxTokenTtl: 10,
  },
  // Featurebase → /authorize?return_to=…; GET https://<org>.featurebase.app/api/v1/auth/access/jwt?jwt=…&return_to=…
  featurebase: {
    label: 'Featurebase',
    format: 'jwt',
    key: 'secret',
    delivery: 'query',
    tokenParam: 'jwt',
    returnTo: { param: 'return_to', kind: 'absolute' },
    registered: ['iat', 'exp'],
    claims: {
      email: from('email'),
      userId: from('sub'),
      name: from('name', 'email'),
      profilePicture: from('picture'),
    },
  },
  // Freshworks → /authorize?state=…&nonce=…&redirect_uri=…; GET <redirect_uri>?state=…&id_token=…
  freshworks: {
    label: 'Freshworks',
    format: 'jwt',
    key: 'bridge-rs256',
    delivery: 'query',
    tokenParam: 'id_token',
    request: 'freshworks',
    registered: ['iss', 'sub', 'iat', 'exp', 'jti', 'nonce'],
    claims: {
      email: from('email'),
      given_name: from('given_name'),
      family_name: from('family_name'),
    },
  },
  // ReadMe → /authorize?redirect=/page; GET https://<hub>?auth_token=…&redirect=/page
  readme: {
    label: 'ReadMe',
    format: 'jwt',
    key: 'secret',
    delivery: 'query',
    tokenParam: 'auth_token',
    returnTo: { param: 'redirect', kind: 'path' },
    registered: ['iat', 'exp'],
    claims: { name: from('name', 'email'), email: from('email') },
    privileged: ['isAdmin'],
  },
  // Help Scout Docs → /authorize?returnTo=/page; GET <site>/authcallback?token=…&returnTo=/page
  'helpscout-docs': {
    label: 'Help Scout',
    format: 'jwt',
    key: 'secret',
    alg: 'HS512',
    delivery: 'query',
    tokenParam: 'token',
    returnTo: { param: 'returnTo', kind: 'path' },
    registered: ['sub', 'iat', 'exp'],
    claims: { email: from('email'), name: from('name') },
  },
}

/** The claim names a preset's platform treats as rights (empty for apps without a preset). */
export const privilegedClaims = (preset: PresetName | undefined): readonly string[] =>
  (preset && presets[preset].privileged) || []

/** The parameters the delivery of an app without a platform of its own uses. */
const presetDeliveryMode = (preset: Preset): Exclude<DeliveryMode, 'code'> =>
  preset.delivery === 'form_post' ? 'form_post' : 'query'

/** The delivery settings an app gets from its preset, under what it set itself. */
export function withPresetDefaults(
  preset: PresetName | undefined,
  own: Partial<AppIntegration>,
): Pick<AppIntegration, 'delivery' | 'tokenParam' | 'returnToParam'> {
  const base = preset ? presets[preset] : undefined
  return {
    delivery: own.delivery ?? (base ? presetDeliveryMode(base) : 'form_post'),
    tokenParam: own.tokenParam ?? base?.tokenParam,
    returnToParam: own.returnToParam ?? base?.returnTo?.param,
  }
}
