/**
 * An app's webhook endpoints: where the bridge posts the lifecycle events of the app's users,
 * signed per the Standard Webhooks specification with the endpoint's own secret (docs/webhooks.md).
 */
import type { LifecycleEventType } from './lifecycle-event-types.js'

export interface WebhookEndpoint {
  /** `ep_` and random: names the endpoint in the delivery log and the API. */
  id: string
  /** https (http on loopback only): checked when saved, resolved and pinned at every delivery. */
  url: string
  /** The events it wants; undefined or empty: every event. */
  events?: LifecycleEventType[]
  /** The `whsec_…` signing secret, sealed with the context `webhook-secret:<app>:<endpoint>`. */
  secretSealed: string
  /**
   * After a rotation, the secret it replaced (sealed with `webhook-secret-previous:<app>:<endpoint>`)
   * and until when (epoch ms) deliveries are signed with it too, so a receiver can switch.
   */
  previousSecretSealed?: string
  previousUntil?: number
  /** The URL may resolve to a loopback, private or link-local address (development only). */
  dangerouslyAllowPrivateNetwork?: boolean
  /** Paused: events are not queued for it. */
  disabled?: boolean
  createdAt: number
}

export const webhookSecretContext = (appId: string, endpointId: string) =>
  `webhook-secret:${appId}:${endpointId}`

export const previousWebhookSecretContext = (appId: string, endpointId: string) =>
  `webhook-secret-previous:${appId}:${endpointId}`
