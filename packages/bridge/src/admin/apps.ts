/** Apps for the console, the API and the CLI: one set of operations, each validated and audited. */
import { keepOidcClientSecret } from '../config/oidc-client-schema.js'
import { z } from 'zod'
import { auditAppChange, toApp, upsertApp } from '../config/app-upsert.js'
import {
  DEFAULT_SECRET_GRACE_SECONDS,
  MAX_SECRET_GRACE_SECONDS,
  rotatedSecret,
} from '../domain/app-secret-rotation.js'
import { APPS, appSecretContext, getApp, type App } from '../domain/apps.js'
import { keptSecrets } from './app-kept-secrets.js'
import { platformSetup, type PlatformSetup } from './app-platform-setup.js'
import { idPattern } from '../config/common-fields.js'
import { privateNetworkTurnedOn } from '../config/private-network-opt-ins.js'
import { recordAudit, type Actor } from '../domain/audit-log.js'
import { BRAND_LOGOS } from '../domain/brand-logos.js'
import { brandingWarnings } from '../domain/brand-palette.js'
import { getConnection } from '../domain/connections.js'
import { publicApp, type PublicApp } from '../domain/public-records.js'
import { randomToken } from '../domain/random-token.js'
import { appAsConfig } from './config-views.js'
import type { AdminDeps } from './context.js'
import { entrySchemas } from './entry-schemas.js'
import { AdminInputError, conflict, fieldError, notFound, parseInput } from './input.js'
import { refuseIdentityChange, type ConnectionWriteOptions } from './connections.js'

/**
 * What may turn on the app's dangerouslyAllowPrivateNetwork (its back-channel logout URL into
 * private networks): the same guard as the connections' (admin scope, recent sign-in, CLI).
 */
export type AppWriteOptions = ConnectionWriteOptions

export interface SavedApp {
  app: PublicApp
  /** A generated HS256 secret: shown this once, never again. */
  secret?: string
  /** What was changed on the way in (a brand colour adjusted for contrast), for the admin. */
  warnings?: string[]
}

export interface Snippet {
  /** The plain script tag: revalidated with its ETag, so fixes reach the site. */
  plain: string
  /** The content-hashed script with its SRI value: exactly these bytes, cached forever. */
  pinned?: string
  button: string
}

/** `POST /apps/{id}/secret`: how long sites may still accept the secret being replaced. */
export const rotateSecretInput = z
  .object({
    graceSeconds: z
      .number()
      .int()
      .min(0)
      .max(MAX_SECRET_GRACE_SECONDS, 'at most 7 days (604800 seconds)')
      .default(DEFAULT_SECRET_GRACE_SECONDS),
  })
  .strict()

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

export function appService(deps: AdminDeps) {
  const { storage, box } = deps
  const now = deps.now ?? Date.now

  async function load(id: string): Promise<App> {
    const app = typeof id === 'string' && idPattern.test(id) ? await getApp(storage, id) : undefined
    if (!app) throw notFound('app', String(id))
    return app
  }

  /**
   * Validates with the config file's schema and writes. An HS256 app without a secret keeps the
   * one it has, or gets a generated one, returned once.
   */
  async function save(
    actor: Actor,
    raw: unknown,
    existing: App | undefined,
    options: AppWriteOptions,
  ): Promise<SavedApp> {
    if (!isObject(raw)) throw fieldError('', 'must be a JSON object')
    // Their secrets come from the environment in a file, and are made by the bridge otherwise.
    if (raw.webhooks !== undefined)
      throw fieldError('webhooks', 'are managed at /admin/api/apps/{id}/webhooks')
    const input: Record<string, unknown> = { ...raw }
    let generated: string | undefined
    const kept = keptSecrets(box, input, existing)
    if (kept.signing) input.signing = kept.signing
    if (kept.platform) input.platform = kept.platform
    const signing = input.signing
    if (isObject(signing) && signing.alg === 'HS256' && signing.secret === undefined) {
      // A platform hands out its own secret: one the bridge made up would not match it.
      if (input.preset === undefined) generated = randomToken(32)
      input.signing = { ...signing, secret: generated }
    }
    // A confidential OpenID Connect client edited without its (write-only) secret keeps it.
    input.oidc = keepOidcClientSecret(box, input.oidc, existing)
    const app = parseInput(entrySchemas().app, input)
    const missing = (
      await Promise.all(app.connections.map(async (c, i) => [i, await getConnection(storage, c)]))
    ).filter(([, found]) => !found)
    if (missing.length > 0) {
      throw new AdminInputError(
        missing.map(([i]) => ({
          path: `connections[${i}]`,
          message: `no connection with id "${app.connections[i as number]}"`,
        })),
      )
    }
    if (privateNetworkTurnedOn(existing, app))
      (options.identityChange ?? refuseIdentityChange)('private_network')
    const at = now()
    const change = await upsertApp(storage, box, app, at)
    if (change) await auditAppChange(storage, actor, change, at)
    const saved = change?.after ?? existing ?? toApp(box, app, at)
    const warnings = brandingWarnings(app.branding)
    return { app: publicApp(saved), secret: generated, ...(warnings.length ? { warnings } : {}) }
  }

  return {
    async list(): Promise<PublicApp[]> {
      return (await storage.list(APPS)).map((r) => publicApp(r.value))
    },

    async get(id: string): Promise<PublicApp> {
      return publicApp(await load(id))
    },

    /** The app as a config file entry (no secret), the starting point of an edit. */
    async getAsConfig(id: string): Promise<Record<string, unknown>> {
      return appAsConfig(await load(id))
    },

    async create(actor: Actor, raw: unknown, options: AppWriteOptions = {}): Promise<SavedApp> {
      if (isObject(raw) && typeof raw.id === 'string' && (await getApp(storage, raw.id))) {
        throw conflict(`An app with the id "${raw.id}" exists already.`)
      }
      return save(actor, raw, undefined, options)
    },

    /** Replaces the app with `raw` (fields left out take their defaults). */
    async replace(
      actor: Actor,
      id: string,
      raw: unknown,
      options: AppWriteOptions = {},
    ): Promise<SavedApp> {
      const existing = await load(id)
      if (isObject(raw) && raw.id !== undefined && raw.id !== id)
        throw fieldError('id', 'cannot be changed')
      return save(actor, isObject(raw) ? { ...raw, id } : raw, existing, options)
    },

    /** Changes only the top-level fields `raw` names. */
    async update(
      actor: Actor,
      id: string,
      raw: unknown,
      options: AppWriteOptions = {},
    ): Promise<SavedApp> {
      const existing = await load(id)
      if (!isObject(raw)) throw fieldError('', 'must be a JSON object')
      if (raw.id !== undefined && raw.id !== id) throw fieldError('id', 'cannot be changed')
      return save(actor, { ...appAsConfig(existing), ...raw, id }, existing, options)
    },

    async remove(actor: Actor, id: string): Promise<void> {
      const existing = await load(id)
      await storage.delete(APPS, id)
      await storage.delete(BRAND_LOGOS, id)
      await recordAudit(
        storage,
        { event: 'app.deleted', actor, app: id, before: publicApp(existing) },
        now(),
      )
    },

    /**
     * A new generated HS256 secret, signing at once and returned this once. The old one is kept
     * on the record for `graceSeconds` (default 24 h, at most 7 days; 0 drops it now), the time
     * sites have to accept both while they switch.
     */
    async regenerateSecret(actor: Actor, id: string, rawOptions?: unknown): Promise<SavedApp> {
      const { graceSeconds } = parseInput(rotateSecretInput, rawOptions ?? {})
      const existing = await load(id)
      if (existing.signing.alg !== 'HS256') {
        throw conflict('Only HS256 apps have a secret; asymmetric apps use the bridge keys.')
      }
      const secret = randomToken(32)
      const at = now()
      const after = rotatedSecret(
        existing,
        box.seal(secret, appSecretContext(id)),
        graceSeconds,
        at,
      )
      await storage.set(APPS, id, after)
      await auditAppChange(
        storage,
        actor,
        { action: 'updated', before: existing, after, secretsChanged: ['signing.secret'] },
        at,
      )
      return { app: publicApp(after), secret }
    },

    /** What the admin copies into the platform behind a preset app (nothing for other apps). */
    platformSetup: (app: PublicApp): Promise<PlatformSetup> => platformSetup(deps, app),

    snippet(app: { id: string }): Snippet {
      const attrs = `data-app="${app.id}" defer`
      return {
        plain: `<script src="${deps.issuer}/sso.js" ${attrs}></script>`,
        pinned: deps.embed
          ? `<script src="${deps.issuer}${deps.embed.hashedPath}" integrity="${deps.embed.integrity}" crossorigin="anonymous" ${attrs}></script>`
          : undefined,
        button: '<button data-sso-login>Sign in</button>',
      }
    },
  }
}

export type AppService = ReturnType<typeof appService>
