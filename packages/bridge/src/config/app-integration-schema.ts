/**
 * The config fields of an app that decide how it receives its token and what the token says:
 * `preset`, `delivery`, parameter names, `claims`, `subject`, `origins`, `backchannelLogoutUrl`.
 */
import { z } from 'zod'
import {
  claimSources,
  type AppIntegration,
  type ClaimRule,
  type DeliveryMode,
  type PresetName,
} from '../domain/app-integration.js'
import { presetNames, presets, withPresetDefaults } from '../domain/presets.js'
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

/** An app's integration fields, spread into its schema (config/schema.ts). */
export function appIntegrationFields() {
  return {
    preset: z.enum(presetNames).optional(),
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

interface IntegrationConfig {
  preset?: PresetName
  delivery?: DeliveryMode
  tokenParam?: string
  returnToParam?: string
  errorUrl?: string
  claims?: Record<string, ClaimRule>
  subject: 'public' | 'pairwise'
  origins?: string[]
  backchannelLogoutUrl?: string
  dangerouslyAllowPrivateNetwork?: boolean
  signing: { alg: string }
  callbackUrls: string[]
}

/** An app's schema with the cross-field rules below, and delivery defaults from its preset. */
export function withIntegration<T extends z.ZodType<IntegrationConfig>>(schema: T) {
  return schema
    .superRefine(checkAppIntegration)
    .transform((app) => ({ ...app, ...withPresetDefaults(app.preset, app) }))
}

/** Cross-field rules of one app, reported at the offending field. */
function checkAppIntegration(app: IntegrationConfig, ctx: z.RefinementCtx): void {
  const issue = (path: string[], message: string) => ctx.addIssue({ code: 'custom', path, message })
  const { delivery } = withPresetDefaults(app.preset, app)
  if (app.preset && app.signing.alg !== presets[app.preset].alg) {
    issue(['signing', 'alg'], `the ${app.preset} preset needs HS256 with the platform's key`)
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

/** The integration part of the stored `App` record, preset defaults filled in. */
export function integrationOf(app: IntegrationConfig): AppIntegration {
  return {
    ...withPresetDefaults(app.preset, app),
    preset: app.preset,
    errorUrl: app.errorUrl,
    claims: app.claims,
    subject: app.subject === 'pairwise' ? 'pairwise' : undefined,
    origins: app.origins,
    backchannelLogoutUrl: app.backchannelLogoutUrl,
    // Left out when off, so records written before the setting existed compare equal.
    dangerouslyAllowPrivateNetwork: app.dangerouslyAllowPrivateNetwork || undefined,
  }
}
