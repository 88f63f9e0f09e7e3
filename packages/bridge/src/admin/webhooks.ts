/**
 * An app's webhook endpoints for the console, the API and the CLI: add one (its `whsec_` secret
 * made here, shown once, stored sealed), change its URL, events, pause or private-network opt-in,
 * remove it, rotate its secret. Every input is validated at this edge and every change audited.
 */
import { randomBytes } from 'node:crypto'
import { z } from 'zod'
import {
  checkWebhookAddress,
  MAX_WEBHOOKS_PER_APP,
  webhookFields,
  webhookIdPattern,
} from '../config/webhook-schema.js'
import { idPattern } from '../config/common-fields.js'
import { APPS, getApp, type App } from '../domain/apps.js'
import { recordAudit, type Actor, type AuditEvent } from '../domain/audit-log.js'
import type { LifecycleEventType } from '../domain/lifecycle-event-types.js'
import {
  previousWebhookSecretContext,
  webhookSecretContext,
  type WebhookEndpoint,
} from '../domain/webhook-endpoints.js'
import { generateWebhookSecret } from '../domain/webhook-secret.js'
import { rotateSecretInput, type AppWriteOptions } from './apps.js'
import { refuseIdentityChange } from './connections.js'
import type { AdminDeps } from './context.js'
import { conflict, fieldError, notFound, parseInput } from './input.js'

/** What the admin sees of an endpoint: never its secret, sealed or not. */
export interface WebhookView {
  id: string
  app: string
  url: string
  /** Empty: every event. */
  events: LifecycleEventType[]
  disabled: boolean
  dangerouslyAllowPrivateNetwork: boolean
  createdAt: number
}

export interface SavedWebhook {
  webhook: WebhookView
  /** A secret made for it: shown this once, never again. */
  secret?: string
}

const endpointObject = z.strictObject(webhookFields)
export const endpointInput = endpointObject.superRefine(checkWebhookAddress)
/** A change names only what changes; the endpoint it makes is checked whole (endpointInput). */
export const endpointChange = endpointObject.partial()

export const webhookView = (appId: string, endpoint: WebhookEndpoint): WebhookView => ({
  id: endpoint.id,
  app: appId,
  url: endpoint.url,
  events: endpoint.events ?? [],
  disabled: endpoint.disabled === true,
  dangerouslyAllowPrivateNetwork: endpoint.dangerouslyAllowPrivateNetwork === true,
  createdAt: endpoint.createdAt,
})

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** The stored form of validated settings: an empty list and false flags are left out. */
const settingsOf = (input: z.output<typeof endpointInput>) => ({
  url: input.url,
  ...(input.events?.length ? { events: input.events } : {}),
  ...(input.dangerouslyAllowPrivateNetwork ? { dangerouslyAllowPrivateNetwork: true } : {}),
  ...(input.disabled ? { disabled: true } : {}),
})

export function webhookService(deps: AdminDeps) {
  const { storage, box } = deps
  const now = deps.now ?? Date.now

  async function appOf(appId: string): Promise<App> {
    const app =
      typeof appId === 'string' && idPattern.test(appId) ? await getApp(storage, appId) : undefined
    if (!app) throw notFound('app', String(appId))
    return app
  }

  function endpointOf(app: App, id: string): WebhookEndpoint {
    const endpoint = webhookIdPattern.test(id) ? app.webhooks?.find((e) => e.id === id) : undefined
    if (!endpoint) throw notFound('webhook endpoint', id)
    return endpoint
  }

  async function write(
    actor: Actor,
    app: App,
    webhooks: WebhookEndpoint[],
    audit: { event: AuditEvent; id: string; before?: WebhookEndpoint; after?: WebhookEndpoint },
    secretsChanged?: string[],
  ) {
    const at = now()
    await storage.set(APPS, app.id, { ...app, webhooks, updatedAt: at })
    await recordAudit(
      storage,
      {
        event: audit.event,
        actor,
        app: app.id,
        target: { type: 'webhook', id: audit.id },
        before: audit.before && webhookView(app.id, audit.before),
        after: audit.after && webhookView(app.id, audit.after),
        secretsChanged,
      },
      at,
    )
  }

  /** Turning the opt-in on lets deliveries reach private networks: the admin authority only. */
  const guardOptIn = (options: AppWriteOptions, before: boolean, after: boolean) => {
    if (after && !before) (options.identityChange ?? refuseIdentityChange)('private_network')
  }

  return {
    async list(appId: string): Promise<WebhookView[]> {
      const app = await appOf(appId)
      return (app.webhooks ?? []).map((e) => webhookView(app.id, e))
    },

    async get(appId: string, id: string): Promise<WebhookView> {
      const app = await appOf(appId)
      return webhookView(app.id, endpointOf(app, id))
    },

    async create(
      actor: Actor,
      appId: string,
      raw: unknown,
      options: AppWriteOptions = {},
    ): Promise<SavedWebhook> {
      const app = await appOf(appId)
      if (!isObject(raw)) throw fieldError('', 'must be a JSON object')
      const input = parseInput(endpointInput, raw)
      if ((app.webhooks?.length ?? 0) >= MAX_WEBHOOKS_PER_APP)
        throw conflict(`An app has at most ${MAX_WEBHOOKS_PER_APP} webhook endpoints.`)
      guardOptIn(options, false, input.dangerouslyAllowPrivateNetwork === true)
      // Lowercase, so the id also fits the config file's pattern (an export applies again).
      const id = `ep_${randomBytes(8).toString('hex')}`
      const secret = generateWebhookSecret()
      const endpoint: WebhookEndpoint = {
        id,
        ...settingsOf(input),
        secretSealed: box.seal(secret, webhookSecretContext(app.id, id)),
        createdAt: now(),
      }
      await write(actor, app, [...(app.webhooks ?? []), endpoint], {
        event: 'app.webhook_created',
        id,
        after: endpoint,
      })
      return { webhook: webhookView(app.id, endpoint), secret }
    },

    /** Changes only the settings `raw` names. */
    async update(
      actor: Actor,
      appId: string,
      id: string,
      raw: unknown,
      options: AppWriteOptions = {},
    ): Promise<SavedWebhook> {
      const app = await appOf(appId)
      const before = endpointOf(app, id)
      if (!isObject(raw)) throw fieldError('', 'must be a JSON object')
      const change = parseInput(endpointChange, raw)
      // The whole endpoint is checked again: a URL kept may need the opt-in being turned off.
      const { url, events, dangerouslyAllowPrivateNetwork, disabled } = before
      const current = { url, events, dangerouslyAllowPrivateNetwork, disabled }
      const input = parseInput(endpointInput, { ...current, ...change })
      guardOptIn(
        options,
        before.dangerouslyAllowPrivateNetwork === true,
        input.dangerouslyAllowPrivateNetwork === true,
      )
      const {
        id: _,
        url: __,
        events: ___,
        dangerouslyAllowPrivateNetwork: ____,
        disabled: _____,
        ...kept
      } = before
      const after: WebhookEndpoint = { id, ...settingsOf(input), ...kept }
      await write(
        actor,
        app,
        (app.webhooks ?? []).map((e) => (e.id === id ? after : e)),
        { event: 'app.webhook_updated', id, before, after },
      )
      return { webhook: webhookView(app.id, after) }
    },

    async remove(actor: Actor, appId: string, id: string): Promise<void> {
      const app = await appOf(appId)
      const before = endpointOf(app, id)
      await write(
        actor,
        app,
        (app.webhooks ?? []).filter((e) => e.id !== id),
        { event: 'app.webhook_deleted', id, before },
      )
    },

    /**
     * A new secret, shown this once. For `graceSeconds` (default 24 h) deliveries carry a
     * signature under the old one too, so the receiver keeps accepting them until it has the new
     * one (verifyWebhook takes both while it switches); 0 drops the old one now.
     */
    async rotateSecret(
      actor: Actor,
      appId: string,
      id: string,
      rawOptions?: unknown,
    ): Promise<SavedWebhook> {
      const { graceSeconds } = parseInput(rotateSecretInput, rawOptions ?? {})
      const app = await appOf(appId)
      const before = endpointOf(app, id)
      const secret = generateWebhookSecret()
      const { previousSecretSealed: _, previousUntil: __, ...rest } = before
      const until = now() + graceSeconds * 1000
      const after: WebhookEndpoint = {
        ...rest,
        secretSealed: box.seal(secret, webhookSecretContext(app.id, id)),
        ...(graceSeconds > 0
          ? {
              // Sealed again under its own context: the current and the previous never swap.
              previousSecretSealed: box.seal(
                box.open(before.secretSealed, webhookSecretContext(app.id, id)),
                previousWebhookSecretContext(app.id, id),
              ),
              previousUntil: until,
            }
          : {}),
      }
      await write(
        actor,
        app,
        (app.webhooks ?? []).map((e) => (e.id === id ? after : e)),
        { event: 'app.webhook_secret_rotated', id, before, after },
        ['secret'],
      )
      return { webhook: webhookView(app.id, after), secret }
    },
  }
}

export type WebhookService = ReturnType<typeof webhookService>
