/**
 * The config fields of an app that decide how it receives its token and what the token says:
 * `preset`, `delivery`, parameter names, `claims`, `subject`, `origins`, `backchannelLogoutUrl`.
 */
import { z } from 'zod'
import { createPrivateKey } from 'node:crypto'
import {
  claimSources,
  presetNames,
  type AppIntegration,
  type ClaimRule,
  type DeliveryMode,
  type PlatformSettings,
  type PresetName,
} from '../domain/app-integration.js'
import { presets, withPresetDefaults } from '../domain/presets.js'
import { reservedClaims } from '../domain/token-claims.js'
import { webUrl } from './common-fields.js'

const paramName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,31}$/, 'must be a parameter name like jwt or id_token')
  .refine(
    (name) => !['state', 'error', 'error_description', 'code', 'error_url'].includes(name),
    'is a name the bridge uses for something else',
  )

const claimName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_:.-]{0,99}$/, 'must be a claim name')
  .refine((name) => !reservedClaims.has(name), 'is set by the bridge and cannot be mapped')

const source = z.enum(claimSources)
const staticValue = z.union([
  z.string().max(1000),
  z.number(),
  z.boolean(),
  z.array(z.string().max(200)).max(50),
])

/** `email`, `[given_name, name]` (the first the user has), `{ value: … }`, or `null` (leave out). */
const claimRule = z
  .union([z.null(), source, z.array(source).min(1).max(5), z.strictObject({ value: staticValue })])
  .transform((rule): ClaimRule => {
    if (rule === null || (typeof rule === 'object' && 'value' in rule)) return rule
    return { from: Array.isArray(rule) ? rule : [rule] }
  })

/** The minimum Discourse itself sets for discourse_connect_secret; platforms choose their keys. */
export const MIN_PLATFORM_SECRET_BYTES = 10
/** Secrets the bridge asks admins to make: 32 random bytes. */
export const MIN_HS256_SECRET_BYTES = 32

/** The preset's platform account: `apiToken` is a secret (`env:`/`file:`), sealed when stored. */
function platformField(secret: z.ZodType<string, string>) {
  return z
    .strictObject({
      clientId: z.string().min(1).max(200).optional(),
      storeHash: z
        .string()
        .regex(/^[a-z0-9]{1,32}$/, 'must be the store hash, like abc123def')
        .optional(),
      apiToken: secret.optional(),
      createCustomers: z.boolean().optional(),
      apiUrl: webUrl('store API URL', { allowPath: false }).optional(),
      channelId: z.number().int().positive().optional(),
      sessionTtl: z
        .number()
        .int()
        .min(60)
        .max(90 * 86_400)
        .optional(),
    })
    .optional()
}

/** An app's integration fields, spread into its schema (config/schema.ts). */
export function appIntegrationFields(secret: z.ZodType<string, string>) {
  return {
    preset: z.enum(presetNames).optional(),
    platform: platformField(secret),
    delivery: z.enum(['form_post', 'query', 'code']).optional(),
    tokenParam: paramName.optional(),
    returnToParam: paramName.optional(),
    errorUrl: webUrl('error URL', { allowPath: true }).optional(),
    claims: z
      .record(claimName, claimRule)
      .refine((claims) => Object.keys(claims).length <= 50, 'at most 50 claims')
      .optional(),
    subject: z.enum(['public', 'pairwise']).default('public'),
    origins: z
      .array(webUrl('origin', { allowPath: false }))
      .max(20)
      .optional(),
    backchannelLogoutUrl: webUrl('back-channel logout URL', { allowPath: true }).optional(),
    /** Lets backchannelLogoutUrl be on loopback or a private network (net/outbound). */
    dangerouslyAllowPrivateNetwork: z.boolean().optional(),
  }
}

interface SigningInput {
  alg?: 'HS256' | 'HS512' | 'ES256' | 'RS256' | 'EdDSA'
  secret?: string
  privateKey?: string
}

interface PlatformInput extends Omit<PlatformSettings, 'apiTokenSealed'> {
  apiToken?: string
}

interface IntegrationConfig {
  preset?: PresetName
  platform?: PlatformInput
  tokenTtl?: number
  delivery?: DeliveryMode
  tokenParam?: string
  returnToParam?: string
  errorUrl?: string
  claims?: Record<string, ClaimRule>
  subject: 'public' | 'pairwise'
  origins?: string[]
  backchannelLogoutUrl?: string
  dangerouslyAllowPrivateNetwork?: boolean
  signing: SigningInput
  callbackUrls: string[]
}

/** How the app's tokens are signed, once the preset has said what its platform takes. */
export type SigningConfig =
  { alg: 'HS256'; secret: string } | { alg: 'ES256' | 'RS256' | 'EdDSA'; privateKey?: string }

function normalizedSigning(app: IntegrationConfig): {
  signing: SigningConfig
  tokenAlg?: 'HS512'
} {
  const { alg, secret, privateKey } = app.signing
  const preset = app.preset ? presets[app.preset] : undefined
  if (secret !== undefined) {
    // HS512 is a JWT algorithm over the same kind of secret: stored as a shared secret.
    const tokenAlg = alg ?? preset?.alg
    return { signing: { alg: 'HS256', secret }, ...(tokenAlg === 'HS512' ? { tokenAlg } : {}) }
  }
  if (privateKey !== undefined) return { signing: { alg: 'EdDSA', privateKey } }
  return { signing: { alg: alg === 'ES256' || alg === 'RS256' ? alg : 'EdDSA' } }
}

/** An app's schema with the cross-field rules below, and delivery defaults from its preset. */
export function withIntegration<T extends z.ZodType<IntegrationConfig>>(schema: T) {
  return schema.superRefine(checkAppIntegration).transform((app) => ({
    ...app,
    ...normalizedSigning(app),
    tokenTtl: app.tokenTtl ?? (app.preset && presets[app.preset].tokenTtl) ?? 120,
    ...withPresetDefaults(app.preset, app),
  }))
}

/** The preset's platform checks the token with this key: the config must hold the right one. */
function checkPresetKey(app: IntegrationConfig, issue: (path: string[], message: string) => void) {
  const preset = app.preset ? presets[app.preset] : undefined
  const { alg, secret, privateKey } = app.signing
  if (!preset) {
    if (privateKey !== undefined)
      issue(['signing', 'privateKey'], 'only presets sign with a key their platform issued')
    if (alg === undefined) issue(['signing', 'alg'], 'name the algorithm')
    if (alg === 'HS512') issue(['signing', 'alg'], 'HS512 is for the helpscout-docs preset only')
    if (secret !== undefined && Buffer.byteLength(secret) < MIN_HS256_SECRET_BYTES)
      issue(
        ['signing', 'secret'],
        `HS256 secrets must be at least ${MIN_HS256_SECRET_BYTES} bytes (use 32 random bytes)`,
      )
    return
  }
  const label = preset.label
  if (preset.key === 'secret') {
    const allowed = app.preset === 'helpscout-docs' ? ['HS256', 'HS512'] : ['HS256']
    if (alg !== undefined && !allowed.includes(alg)) {
      issue(['signing', 'alg'], `${label} takes ${allowed.join(' or ')} with its secret only`)
      return
    }
    if (secret === undefined) {
      issue(['signing', 'secret'], `the ${app.preset} preset needs the secret ${label} gives you`)
      return
    }
    if (Buffer.byteLength(secret) < MIN_PLATFORM_SECRET_BYTES)
      issue(['signing', 'secret'], `must be at least ${MIN_PLATFORM_SECRET_BYTES} bytes`)
  }
  if (preset.key === 'bridge-rs256' && (alg !== 'RS256' || secret || privateKey))
    issue(
      ['signing', 'alg'],
      `the ${app.preset} preset signs with the bridge's RS256 key: signing: { alg: RS256 }`,
    )
  if (preset.key === 'platform-eddsa') {
    if (privateKey === undefined) {
      issue(
        ['signing', 'privateKey'],
        `the ${app.preset} preset needs the private key ${label} generated (PKCS#8 PEM)`,
      )
    } else if (!isEd25519PrivateKey(privateKey)) {
      issue(['signing', 'privateKey'], 'must be an Ed25519 private key in PKCS#8 PEM')
    }
  }
}

function isEd25519PrivateKey(pem: string): boolean {
  try {
    return createPrivateKey(pem).asymmetricKeyType === 'ed25519'
  } catch {
    return false
  }
}

/** Only what each preset's platform uses, and all it needs. */
function checkPlatformSettings(
  app: IntegrationConfig,
  issue: (path: string[], message: string) => void,
) {
  const platform = app.platform ?? {}
  const used: Record<string, Array<keyof PlatformInput>> = {
    bigcommerce: ['clientId', 'storeHash', 'apiToken', 'createCustomers', 'apiUrl', 'channelId'],
    mintlify: ['sessionTtl'],
  }
  const allowed = new Set(used[app.preset ?? ''] ?? [])
  for (const name of Object.keys(platform) as Array<keyof PlatformInput>) {
    if (!allowed.has(name))
      issue(['platform', name], `is not a setting of ${app.preset ?? 'an app without a preset'}`)
  }
  if (app.preset === 'bigcommerce') {
    for (const name of ['clientId', 'storeHash', 'apiToken'] as const)
      if (platform[name] === undefined)
        issue(['platform', name], 'is required: the bigcommerce preset looks customers up with it')
  }
}

/** Rights on the platform are the admin's to give: fixed values only, never user attributes. */
function checkPrivilegedClaims(
  app: IntegrationConfig,
  issue: (path: string[], message: string) => void,
) {
  const privileged = (app.preset && presets[app.preset].privileged) || []
  for (const name of privileged) {
    const rule = app.claims?.[name]
    if (rule && 'from' in rule)
      issue(
        ['claims', name],
        `grants rights on ${app.preset}: it can only be set as a fixed value ({ value: … }), never from user attributes`,
      )
  }
}

/** Cross-field rules of one app, reported at the offending field. */
function checkAppIntegration(app: IntegrationConfig, ctx: z.RefinementCtx): void {
  const issue = (path: string[], message: string) => ctx.addIssue({ code: 'custom', path, message })
  const { delivery } = withPresetDefaults(app.preset, app)
  checkPresetKey(app, issue)
  checkPlatformSettings(app, issue)
  checkPrivilegedClaims(app, issue)
  const max = app.preset && presets[app.preset].maxTokenTtl
  if (max && app.tokenTtl !== undefined && app.tokenTtl > max) {
    issue(['tokenTtl'], `${presets[app.preset!].label} takes tokens of at most ${max} s`)
  }
  if (app.preset && delivery === 'code') {
    issue(['delivery'], 'a platform preset cannot use code delivery')
  }
  if (delivery === 'code') {
    // The page cleans the code from its URL by dropping the whole query.
    app.callbackUrls.forEach((url, i) => {
      if (url.includes('?'))
        issue(['callbackUrls', String(i)], 'must have no query with code delivery')
    })
  }
  if (delivery === 'code' && (app.tokenParam || app.returnToParam)) {
    issue([app.tokenParam ? 'tokenParam' : 'returnToParam'], 'has no use with code delivery')
  }
  if (app.errorUrl && delivery !== 'query') {
    issue(['errorUrl'], 'is only sent with query delivery')
  }
}

/**
 * The integration part of the stored `App` record, preset defaults filled in. The platform's API
 * token is left out: the upsert seals it (and compares what it holds).
 */
export function integrationOf(app: IntegrationConfig & { tokenAlg?: 'HS512' }): AppIntegration {
  const { apiToken: _, ...platform } = app.platform ?? {}
  return {
    ...withPresetDefaults(app.preset, app),
    preset: app.preset,
    tokenAlg: app.tokenAlg,
    platform: app.platform ? platform : undefined,
    errorUrl: app.errorUrl,
    claims: app.claims,
    subject: app.subject === 'pairwise' ? 'pairwise' : undefined,
    origins: app.origins,
    backchannelLogoutUrl: app.backchannelLogoutUrl,
    // Left out when off, so records written before the setting existed compare equal.
    dangerouslyAllowPrivateNetwork: app.dangerouslyAllowPrivateNetwork || undefined,
  }
}
