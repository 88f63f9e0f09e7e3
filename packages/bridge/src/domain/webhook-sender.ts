/**
 * Delivers webhook events from the outbox (kind `webhook`): each bridge process runs this worker,
 * which claims due entries under a lease, builds the body the app may see at send time
 * (webhook-body.ts), signs it per Standard Webhooks with the endpoint's secret (the entry's
 * `eventId` is the `webhook-id` of every attempt, so receivers can dedupe) and POSTs it through
 * the outbound client, which resolves, checks and pins the address. 2xx is delivered; network
 * errors, timeouts, 408, 429 and 5xx are retried with backoff until the entry gives up; a
 * redirect, any other 4xx or a refused address is final. Outcomes are logged and recorded as a
 * status and a short code, never a body or a secret.
 */
import { Webhook } from 'standardwebhooks'
import type { SecretBox } from '../keys/secret-box.js'
import type { Logger } from '../logger.js'
import { outbound as processOutbound, type Outbound, type OutboundFetch } from '../net/outbound.js'
import type { OutboxClaim } from '../storage/outbox-types.js'
import type { Storage } from '../storage/types.js'
import { getApp } from './apps.js'
import { defaultBackoff, type BackoffPolicy } from './backchannel-backoff.js'
import { WEBHOOK_GIVE_UP_MS, WEBHOOK_KIND, type WebhookPayload } from './lifecycle-events.js'
import { isLoopbackHost } from './loopback.js'
import {
  answered,
  settleHttpAttempt,
  unanswered,
  type HttpAttempt,
  type HttpAttemptOutcome,
} from './http-delivery.js'
import { createOutboxWorker, type OutboxSenderTuning, type OutboxWorker } from './outbox-worker.js'
import type { PairwiseSubjects } from './pairwise-subject.js'
import { webhookBody } from './webhook-body.js'
import {
  previousWebhookSecretContext,
  webhookSecretContext,
  type WebhookEndpoint,
} from './webhook-endpoints.js'

export interface WebhookWorkerDeps {
  storage: Storage
  /** Opens the endpoints' sealed secrets. */
  box: SecretBox
  /** Needed by apps with `subject: pairwise`. */
  pairwise?: PairwiseSubjects
}

export type WebhookSender = OutboxWorker<WebhookWorkerDeps>

export interface WebhookSenderOptions extends OutboxSenderTuning {
  logger: Logger
  onOutcome?: (outcome: HttpAttemptOutcome) => void
  /** Starts the worker at once; otherwise start() does. */
  deps?: WebhookWorkerDeps
  /** Tests only: a stand-in for the outbound client. */
  fetch?: OutboundFetch
  outbound?: Outbound
}

export const defaultWebhooks = { timeoutMs: 10_000, pollMs: 2000, batch: 20, concurrency: 8 }

/** Statuses worth asking again: the receiver is busy or broken, not refusing. */
const retryable = (status: number) => status >= 500 || status === 429 || status === 408

/** https anywhere; plain http only where the traffic never leaves the machine. */
function schemeAllowed(url: string): boolean {
  try {
    const { protocol, hostname } = new URL(url)
    return protocol === 'https:' || (protocol === 'http:' && isLoopbackHost(hostname))
  } catch {
    return false
  }
}

export function createWebhookSender(options: WebhookSenderOptions): WebhookSender {
  const { logger } = options
  const now = options.now ?? Date.now
  const timeoutMs = options.timeoutMs ?? defaultWebhooks.timeoutMs
  const backoff: BackoffPolicy = {
    ...defaultBackoff,
    windowMs: WEBHOOK_GIVE_UP_MS,
    ...options.backoff,
    ...(options.retryDelaysMs ? { delaysMs: options.retryDelaysMs } : {}),
  }
  const outbound = options.outbound ?? processOutbound

  async function post(endpoint: WebhookEndpoint, id: string, secrets: string[], body: string) {
    if (!schemeAllowed(endpoint.url))
      return { outcome: 'refused', reason: 'scheme_refused' } satisfies HttpAttempt
    try {
      const fetch =
        options.fetch ??
        outbound.fetch({
          allowPrivateNetwork: endpoint.dangerouslyAllowPrivateNetwork,
          timeoutMs,
        })
      const at = new Date(now())
      const response = await fetch(endpoint.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'webhook-id': id,
          'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
          // Standard Webhooks: several signatures, space-separated; any one valid is enough.
          'webhook-signature': secrets.map((s) => new Webhook(s).sign(id, at, body)).join(' '),
        },
        body,
        // A redirect is not an answer; following one would send the event where nobody chose.
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      })
      await response.body?.cancel()
      return answered(response.status, retryable)
    } catch (error) {
      return unanswered(error)
    }
  }

  async function attempt({ storage, box, pairwise }: WebhookWorkerDeps, claim: OutboxClaim) {
    const payload = claim.payload as unknown as WebhookPayload
    const app = await getApp(storage, claim.owner)
    const endpoint = app?.webhooks?.find((e) => e.id === payload.endpointId)
    if (!app || !endpoint)
      return { outcome: 'refused', reason: 'endpoint_gone' } satisfies HttpAttempt
    // Paused after the event was queued: kept as failed, for a replay once it is resumed.
    if (endpoint.disabled)
      return { outcome: 'refused', reason: 'endpoint_paused' } satisfies HttpAttempt
    // The app no longer signs in this user's connection: it may no longer hear of them.
    if (!app.connections.includes(payload.user.connection))
      return { outcome: 'refused', reason: 'user_not_of_app' } satisfies HttpAttempt
    const secrets = [box.open(endpoint.secretSealed, webhookSecretContext(app.id, endpoint.id))]
    // During a rotation's grace the old secret signs too: a receiver that has only it still accepts.
    if (endpoint.previousSecretSealed && (endpoint.previousUntil ?? 0) > now())
      secrets.push(
        box.open(endpoint.previousSecretSealed, previousWebhookSecretContext(app.id, endpoint.id)),
      )
    const body = JSON.stringify(await webhookBody(app, payload, pairwise))
    return post(endpoint, payload.eventId, secrets, body)
  }

  async function deliver(given: WebhookWorkerDeps, claim: OutboxClaim) {
    const payload = claim.payload as unknown as WebhookPayload
    const fields = {
      app: claim.owner,
      endpoint: payload.endpointId,
      type: payload.type,
      attempt: claim.attempts,
    }
    let result: HttpAttempt
    try {
      result = await attempt(given, claim)
    } catch (error) {
      logger.error('webhook attempt broke', {
        ...fields,
        error: error instanceof Error ? error.name : typeof error,
      })
      result = { outcome: 'retry', reason: 'internal' }
    }
    const context = { storage: given.storage, logger, label: 'webhook', fields, backoff, now }
    return settleHttpAttempt({ ...context, onOutcome: options.onOutcome }, claim, result)
  }

  const worker = createOutboxWorker<WebhookWorkerDeps>({
    kind: WEBHOOK_KIND,
    logger,
    label: 'webhook',
    // Long enough for the POST and the write of its outcome; a dead process's claim ends with it.
    leaseMs: timeoutMs * 2 + 10_000,
    pollMs: options.pollMs ?? defaultWebhooks.pollMs,
    batch: options.batch ?? defaultWebhooks.batch,
    concurrency: options.concurrency ?? defaultWebhooks.concurrency,
    now,
    deliver,
  })

  if (options.deps) worker.start(options.deps)
  return worker
}
