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
  /** The URL may resolve to a loopback, private or link-local address (development only). */
  dangerouslyAllowPrivateNetwork?: boolean
  /** Paused: events are not queued for it. */
  disabled?: boolean
  createdAt: number
}

export const webhookSecretContext = (appId: string, endpointId: string) =>
  `webhook-secret:${appId}:${endpointId}`
