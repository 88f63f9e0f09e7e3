/**
 * The configuration file's schema: what `ssobridge apply` and `ssobridge start --config` accept.
 * Every object is strict (an unknown key is a mistake worth reporting), secrets may be written as
 * `env:NAME` or `file:PATH`, and cross-references (an app naming a connection) are checked here, once.
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { z } from 'zod'
import { stringsField } from './strings-schema.js'
import { isLoopbackHost } from '../domain/loopback.js'
import { MAX_TOKEN_LIFETIME_SECONDS } from '../keys/max-token-lifetime.js'
import { appIntegrationFields, withIntegration } from './app-integration-schema.js'
import { domainName as domain, mfaPolicy, recordId as id, webUrl } from './common-fields.js'
import { brandingSchema } from './branding-schema.js'
import { displayName } from './display-name.js'
import { checkLinkTargets, LOCAL_TARGET_MESSAGE, linkTargetsField } from './email-linking.js'
import { checkOidcApp, oidcClientField } from './oidc-client-schema.js'
import { samlConnectionSchema } from './saml-schema.js'
import { smtpConfigured, smtpField } from './smtp-schema.js'
import { trustProxyField } from './trusted-proxies.js'
import { webhooksField } from './webhook-schema.js'

// Where the routes that parse ids have always read it.
export { idPattern } from './common-fields.js'

type Env = Record<string, string | undefined>
/** Where `env:NAME` and `file:PATH` secrets come from; relative paths start at the config's folder. */
type SecretSource = { env: Env; baseDir: string; files: boolean }

/**
 * A string that may be `env:NAME` or `file:PATH` (a container or Kubernetes secret); resolved
 * once, while parsing, so errors carry the field's path. Messages name the variable or the
 * file, never the value.
 */
function secret({ env, baseDir, files }: SecretSource) {
  return z.string().transform((value, ctx) => {
    if (value.startsWith('file:') && !files) {
      // Admin input must never make the bridge read a file of its host (and send it upstream).
      ctx.addIssue({ code: 'custom', message: 'file: secrets are for config files only' })
      return z.NEVER
    }
    if (value.startsWith('file:')) {
      const path = resolve(baseDir, value.slice(5))
      try {
        // Secret files usually end with one newline (echo, kubectl create secret --from-file).
        const text = readFileSync(path, 'utf8').replace(/\r?\n$/, '')
        if (text !== '') return text
        ctx.addIssue({ code: 'custom', message: `secret file ${path} is empty` })
      } catch (cause) {
        const code = (cause as NodeJS.ErrnoException).code ?? 'unreadable'
        ctx.addIssue({ code: 'custom', message: `cannot read secret file ${path} (${code})` })
      }
      return z.NEVER
    }
    if (!value.startsWith('env:')) return value
    const name = value.slice(4)
    const resolved = env[name]
    if (resolved === undefined || resolved === '') {
      ctx.addIssue({ code: 'custom', message: `environment variable ${name} is not set` })
      return z.NEVER
    }
    return resolved
  })
}

/** Who may create an account on a local connection: nobody, anyone, or addresses of these domains. */
const signupPolicy = z
  .union([z.enum(['off', 'open']), z.strictObject({ domains: z.array(domain).min(1).max(100) })])
  .default('off')

const localConnection = z.strictObject({
  id,
  type: z.literal('local'),
  name: displayName(100).optional(),
  mfa: mfaPolicy,
  /** Member sign-up (docs/members.md); anything but off needs SMTP. */
  signup: signupPolicy,
  /** Sign-in by an emailed 6-digit code, a magic link, or both. */
  passwordless: z.enum(['off', 'code', 'link', 'both']).default('off'),
  /** A password sign-in of a user whose email is not verified stops and sends a verification. */
  requireVerifiedEmail: z.boolean().default(false),
})

/** Whether a local connection sends member emails (and so needs an SMTP server). */
export const sendsMemberEmail = (c: {
  signup: unknown
  passwordless: string
  requireVerifiedEmail: boolean
}) => c.signup !== 'off' || c.passwordless !== 'off' || c.requireVerifiedEmail

/** The refusal of member options without SMTP: the config file's, and the admin's. */
export const MEMBER_EMAIL_NEEDS_SMTP =
  'signup, passwordless and requireVerifiedEmail send email: set smtp.url in the config file or SSOBRIDGE_SMTP_URL (see docs/email.md)'

/** Where to read a profile field in the upstream's claims: a top-level name or a dotted path. */
const claimPath = z
  .string()
  .regex(/^[A-Za-z0-9_:/.-]{1,200}$/, 'must be a claim name or a dotted path')

const claimMapping = z
  .strictObject({
    email: claimPath,
    emailVerified: claimPath,
    name: claimPath,
    givenName: claimPath,
    familyName: claimPath,
    groups: claimPath,
  })
  .partial()

function oidcConnection(src: SecretSource) {
  return z
    .strictObject({
      id,
      type: z.literal('oidc'),
      name: displayName(100).optional(),
      mfa: mfaPolicy,
      issuer: z.string().max(2048).url(),
      clientId: z.string().min(1).max(512),
      clientSecret: secret(src).optional(),
      /** PEM (PKCS#8) private key for private_key_jwt. */
      privateKey: secret(src).optional(),
      tokenEndpointAuthMethod: z
        .enum(['client_secret_basic', 'client_secret_post', 'private_key_jwt'])
        .optional(),
      scopes: z
        .array(z.string().regex(/^[\x21\x23-\x5B\x5D-\x7E]+$/))
        .min(1)
        .max(30)
        .default(['openid', 'email', 'profile']),
      domains: z.array(domain).max(100).default([]),
      claims: claimMapping.default({}),
      /** None by default: an IdP's verified email can still belong to someone else. */
      linkByVerifiedEmail: linkTargetsField(id),
      timeoutSeconds: z.number().int().min(1).max(60).default(10),
      /** For IdPs on this machine only (tests, the demo); refused for any other host. */
      dangerouslyAllowHttpIssuer: z.boolean().default(false),
      /** Lets discovery, token, UserInfo and JWKS reach loopback and private networks (net/outbound). */
      dangerouslyAllowPrivateNetwork: z.boolean().optional(),
    })
    .superRefine((c, ctx) => {
      checkLinkTargets(c, ctx)
      // zod runs this refinement even when the issuer itself was refused: that issue is enough.
      if (!URL.canParse(c.issuer)) return
      const url = new URL(c.issuer)
      if (
        url.protocol === 'http:' &&
        !(c.dangerouslyAllowHttpIssuer && isLoopbackHost(url.hostname))
      ) {
        ctx.addIssue({
          code: 'custom',
          path: ['issuer'],
          message: 'must use https (http only on loopback with dangerouslyAllowHttpIssuer: true)',
        })
      } else if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        ctx.addIssue({ code: 'custom', path: ['issuer'], message: 'must use https' })
      }
      if (!c.scopes.includes('openid')) {
        ctx.addIssue({ code: 'custom', path: ['scopes'], message: 'must include openid' })
      }
      const method =
        c.tokenEndpointAuthMethod ?? (c.privateKey ? 'private_key_jwt' : 'client_secret_basic')
      if (method === 'private_key_jwt' && !c.privateKey) {
        ctx.addIssue({
          code: 'custom',
          path: ['privateKey'],
          message: 'is required for private_key_jwt',
        })
      }
      if (method !== 'private_key_jwt' && !c.clientSecret) {
        ctx.addIssue({
          code: 'custom',
          path: ['clientSecret'],
          message: `is required for ${method}`,
        })
      }
    })
}

/** `baseDir`: where relative paths in the file (SAML metadata) are resolved. */
export interface SchemaOptions {
  /** Where relative paths (SAML metadata, `file:` secrets) resolve; default: the current folder. */
  baseDir?: string
  /** Whether `file:` secrets may be read: true for config files, false for admin input. */
  secretFiles?: boolean
}

export function connectionSchema(env: Env, options: SchemaOptions = {}) {
  const baseDir = options.baseDir ?? process.cwd()
  return z.discriminatedUnion('type', [
    localConnection,
    oidcConnection({ env, baseDir, files: options.secretFiles ?? true }),
    samlConnectionSchema(baseDir),
  ])
}

/**
 * `{ alg: HS256, secret }`, `{ alg: ES256 | RS256 | EdDSA }` (the bridge's keys), and for presets
 * `{ secret }` or `{ privateKey }` with the algorithm the platform takes (app-integration-schema.ts
 * checks which fits the preset and how long a secret must be).
 */
function signingSchema(src: SecretSource) {
  return z
    .strictObject({
      alg: z.enum(['HS256', 'HS512', 'ES256', 'RS256', 'EdDSA']).optional(),
      secret: secret(src).optional(),
      privateKey: secret(src).optional(),
    })
    .superRefine((signing, ctx) => {
      const issue = (path: string, message: string) =>
        ctx.addIssue({ code: 'custom', path: [path], message })
      const shared = signing.alg === 'HS256' || signing.alg === 'HS512'
      if (signing.secret !== undefined && signing.privateKey !== undefined)
        issue('privateKey', 'give a secret or a private key, not both')
      if (shared && signing.secret === undefined) issue('secret', `${signing.alg} needs a secret`)
      if (signing.secret !== undefined && !shared && signing.alg !== undefined)
        issue('secret', `${signing.alg} signs with the bridge's key: no secret`)
      if (signing.privateKey !== undefined && signing.alg !== undefined && signing.alg !== 'EdDSA')
        issue('privateKey', 'a platform key is an EdDSA (Ed25519) private key')
      if (
        signing.alg === undefined &&
        signing.secret === undefined &&
        signing.privateKey === undefined
      )
        issue('alg', 'name an algorithm (HS256, ES256, RS256, EdDSA) or give a secret')
    })
}

function appSchema(src: SecretSource) {
  return z.strictObject({
    id,
    name: displayName(100).optional(),
    callbackUrls: z
      .array(webUrl('callback URL', { allowPath: true }))
      .min(1)
      .max(20),
    connections: z.array(id).min(1).max(50),
    signing: signingSchema(src),
    /** Default 120 s, or what the app's preset says (Mintlify: 10 s). */
    tokenTtl: z.number().int().min(10).max(MAX_TOKEN_LIFETIME_SECONDS).optional(),
    /** Demand a second factor for this app, even from users whose connection does not. */
    requireMfa: z.boolean().default(false),
    ...appIntegrationFields(secret(src)),
    /** Also an OpenID Connect client of the bridge (docs/openid-provider.md). */
    oidc: oidcClientField(secret(src)).optional(),
    /** How its sign-in pages look (docs/branding.md). */
    branding: brandingSchema.optional(),
    /** Where its users' lifecycle events are POSTed (docs/webhooks.md); the file owns them when set. */
    webhooks: webhooksField(secret(src)).optional(),
  })
}

function userSchema(src: SecretSource) {
  return z.strictObject({
    email: z.email().max(254),
    name: displayName(200).optional(),
    givenName: displayName(100).optional(),
    familyName: displayName(100).optional(),
    emailVerified: z.boolean().default(false),
    password: secret(src).refine(
      (value) => value.length >= 8 && value.length <= 256,
      'passwords must be 8 to 256 characters',
    ),
    connection: id,
  })
}

export function configSchema(env: Env, options: SchemaOptions = {}) {
  const src = { env, baseDir: options.baseDir ?? process.cwd(), files: options.secretFiles ?? true }
  return z
    .strictObject({
      issuer: webUrl('issuer', { allowPath: false }),
      sessionTtl: z
        .number()
        .int()
        .min(60)
        .max(30 * 24 * 3600)
        .default(8 * 3600),
      trustProxy: trustProxyField.optional(),
      /** Where member emails go out (docs/email.md); SSOBRIDGE_SMTP_URL stands in for url. */
      smtp: smtpField(secret(src)).optional(),
      /** The admin's wording of single strings of the visitor pages, per language. */
      strings: stringsField.optional(),
      connections: z.array(connectionSchema(env, options)).default([]),
      apps: z.array(withIntegration(appSchema(src))).default([]),
      users: z.array(userSchema(src)).default([]),
    })
    .superRefine((config, ctx) => {
      const connections = new Map(config.connections.map((c) => [c.id, c]))
      duplicates(config.connections.map((c) => c.id)).forEach((i) =>
        ctx.addIssue({ code: 'custom', path: ['connections', i, 'id'], message: 'duplicate id' }),
      )
      duplicates(config.apps.map((a) => a.id)).forEach((i) =>
        ctx.addIssue({ code: 'custom', path: ['apps', i, 'id'], message: 'duplicate id' }),
      )
      config.apps.forEach((app, i) =>
        app.connections.forEach((name, j) => {
          if (!connections.has(name)) {
            ctx.addIssue({
              code: 'custom',
              path: ['apps', i, 'connections', j],
              message: `no connection with id "${name}"`,
            })
          }
        }),
      )
      config.apps.forEach((app, i) =>
        checkOidcApp(app, (path, message) =>
          ctx.addIssue({ code: 'custom', path: ['apps', i, ...path], message }),
        ),
      )
      config.users.forEach((user, i) => {
        const connection = connections.get(user.connection)
        if (connection?.type !== 'local') {
          ctx.addIssue({
            code: 'custom',
            path: ['users', i, 'connection'],
            message: `"${user.connection}" is not a local connection of this file`,
          })
        }
      })
      config.connections.forEach((connection, i) => {
        const target = connection.type === 'saml' && connection.dangerouslyAllowIdpInitiated?.app
        if (
          target &&
          !config.apps.some((a) => a.id === target && a.connections.includes(connection.id))
        ) {
          ctx.addIssue({
            code: 'custom',
            path: ['connections', i, 'dangerouslyAllowIdpInitiated', 'app'],
            message: `no app "${target}" of this file uses this connection`,
          })
        }
      })
      config.connections.forEach((connection, i) => {
        if (connection.type !== 'local' || !sendsMemberEmail(connection)) return
        if (!smtpConfigured(config.smtp, env))
          ctx.addIssue({
            code: 'custom',
            path: ['connections', i],
            message: MEMBER_EMAIL_NEEDS_SMTP,
          })
      })
      config.connections.forEach((connection, i) => {
        if (connection.type === 'local') return
        connection.linkByVerifiedEmail.forEach((target, j) => {
          const other = connections.get(target)
          if (other?.type === 'local' || !other)
            ctx.addIssue({
              code: 'custom',
              path: ['connections', i, 'linkByVerifiedEmail', j],
              message: other ? LOCAL_TARGET_MESSAGE : `no connection with id "${target}"`,
            })
        })
      })
      duplicates(config.users.map((u) => `${u.connection}:${u.email.toLowerCase()}`)).forEach((i) =>
        ctx.addIssue({ code: 'custom', path: ['users', i, 'email'], message: 'duplicate user' }),
      )
    })
}

function duplicates(values: string[]): number[] {
  return values.flatMap((value, i) => (values.indexOf(value) < i ? [i] : []))
}

export type BridgeConfig = z.output<ReturnType<typeof configSchema>>
export type ConnectionConfig = BridgeConfig['connections'][number]
export type AppConfig = BridgeConfig['apps'][number]
export type UserConfig = BridgeConfig['users'][number]
