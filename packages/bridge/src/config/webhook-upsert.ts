/**
 * The stored endpoints of an app whose config entry has `webhooks:`: the file is then what they
 * are (an endpoint left out is removed), each secret sealed, the creation time of an endpoint
 * that was there kept. An entry without the key keeps what the console and the API made.
 */
import { webhookSecretContext, type WebhookEndpoint } from '../domain/webhook-endpoints.js'
import type { SecretBox } from '../keys/secret-box.js'
import { sameRecord } from './record-change.js'
import type { WebhookConfig } from './webhook-schema.js'

const openSecret = (box: SecretBox, appId: string, endpoint: WebhookEndpoint) =>
  box.open(endpoint.secretSealed, webhookSecretContext(appId, endpoint.id))

export function webhookRecords(
  box: SecretBox,
  appId: string,
  config: WebhookConfig[] | undefined,
  existing: WebhookEndpoint[] | undefined,
  now: number,
): WebhookEndpoint[] | undefined {
  if (config === undefined) return existing
  return config.map((endpoint) => {
    const before = existing?.find((e) => e.id === endpoint.id)
    // The same secret keeps its sealed form, so applying the file again changes nothing.
    const sealed =
      before && openSecret(box, appId, before) === endpoint.secret
        ? before.secretSealed
        : box.seal(endpoint.secret, webhookSecretContext(appId, endpoint.id))
    return {
      id: endpoint.id,
      url: endpoint.url,
      ...(endpoint.events?.length ? { events: endpoint.events } : {}),
      secretSealed: sealed,
      ...(endpoint.dangerouslyAllowPrivateNetwork ? { dangerouslyAllowPrivateNetwork: true } : {}),
      ...(endpoint.disabled ? { disabled: true } : {}),
      createdAt: before?.createdAt ?? now,
    }
  })
}

/** Whether the stored endpoints are what the config entry says (always, when it says nothing). */
export function sameWebhooks(
  box: SecretBox,
  appId: string,
  existing: WebhookEndpoint[] | undefined,
  config: WebhookConfig[] | undefined,
): boolean {
  if (config === undefined) return true
  const wanted = webhookRecords(box, appId, config, existing, 0) ?? []
  const stored = existing ?? []
  return (
    wanted.length === stored.length &&
    wanted.every((endpoint, i) => {
      const other = stored[i]
      return other !== undefined && sameRecord({ ...endpoint, createdAt: other.createdAt }, other)
    })
  )
}

/** Which endpoints' secrets a change of the file replaced (`webhooks.<id>.secret`), for the audit. */
export function webhookSecretsChanged(
  before: WebhookEndpoint[] | undefined,
  after: WebhookEndpoint[] | undefined,
): string[] {
  return (after ?? [])
    .filter((e) => {
      const old = before?.find((b) => b.id === e.id)
      return old !== undefined && old.secretSealed !== e.secretSealed
    })
    .map((e) => `webhooks.${e.id}.secret`)
}
