/**
 * Lifecycle events in tests: a webhook endpoint put on an app in storage, as the console would
 * save it, and the events the outbox holds for that app, read back oldest first.
 */
import { randomBytes } from 'node:crypto'
import { APPS } from '../domain/apps.js'
import { WEBHOOK_KIND, type WebhookPayload } from '../domain/lifecycle-events.js'
import { webhookSecretContext, type WebhookEndpoint } from '../domain/webhook-endpoints.js'
import type { SecretBox } from '../keys/secret-box.js'
import type { Storage } from '../storage/types.js'

/** Gives the app one endpoint (replacing any it had); returns it. */
export async function addWebhookEndpoint(
  storage: Storage,
  box: SecretBox,
  appId: string,
  options: Partial<Pick<WebhookEndpoint, 'events' | 'url' | 'disabled'>> = {},
): Promise<WebhookEndpoint> {
  const app = await storage.get(APPS, appId)
  if (!app) throw new Error(`no app ${appId}`)
  const id = `ep_${randomBytes(8).toString('hex')}`
  const endpoint: WebhookEndpoint = {
    id,
    url: options.url ?? `https://${appId}.example/webhooks`,
    events: options.events,
    secretSealed: box.seal(
      `whsec_${randomBytes(24).toString('base64')}`,
      webhookSecretContext(appId, id),
    ),
    disabled: options.disabled,
    createdAt: Date.now(),
  }
  await storage.set(APPS, appId, { ...app, webhooks: [endpoint] })
  return endpoint
}

/** Every webhook event queued for the app, oldest first. */
export async function queuedEvents(storage: Storage, appId: string): Promise<WebhookPayload[]> {
  const entries = await storage.outbox.list({ kind: WEBHOOK_KIND, owner: appId, limit: 500 })
  return entries.reverse().map((entry) => entry.payload as unknown as WebhookPayload)
}

/** The events of one type queued for the app. */
export const queuedOfType = async (storage: Storage, appId: string, type: string) =>
  (await queuedEvents(storage, appId)).filter((event) => event.type === type)
