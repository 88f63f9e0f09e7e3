// The webhook paths of the admin API's OpenAPI document: an app's endpoints, their secrets, and
// the delivery log with replay (docs/webhooks.md).
import { rotateSecretInput } from '../../admin/apps.js'
import { deliveryStates, MAX_DELIVERY_PAGE } from '../../admin/backchannel-deliveries.js'
import { endpointChange, endpointInput } from '../../admin/webhooks.js'
import { lifecycleEventTypes } from '../../domain/lifecycle-event-types.js'
import {
  attemptProperties,
  body,
  deliveryLog,
  deliveryParam,
  idParam,
  ok,
  op,
} from './openapi-operations.js'
import { inputSchema, type Json } from './openapi-schema.js'

const pathParam = (name: string, description: string) => ({
  name,
  in: 'path',
  required: true,
  description,
  schema: { type: 'string', maxLength: 64 },
})

const endpointParams = [idParam('app'), pathParam('endpoint', "The endpoint's id (`ep_…`)")]

const webhook: Json = {
  type: 'object',
  description: 'A webhook endpoint of an app (never its secret)',
  required: [
    'id',
    'app',
    'url',
    'events',
    'disabled',
    'dangerouslyAllowPrivateNetwork',
    'createdAt',
  ],
  properties: {
    id: { type: 'string' },
    app: { type: 'string' },
    url: { type: 'string' },
    events: {
      type: 'array',
      items: { enum: [...lifecycleEventTypes] },
      description: 'Empty: every event',
    },
    disabled: { type: 'boolean', description: 'Paused: no event is queued for it' },
    dangerouslyAllowPrivateNetwork: { type: 'boolean' },
    createdAt: { type: 'integer', description: 'Epoch ms' },
  },
}

const savedWebhook = (secretNote: string): Json => ({
  type: 'object',
  required: ['webhook'],
  properties: {
    webhook,
    secret: { type: 'string', description: secretNote },
  },
})

const delivery: Json = {
  type: 'object',
  description: 'One event to one endpoint, and how its attempts went (never the body or the user)',
  required: [
    'id',
    'app',
    'endpoint',
    'type',
    'eventId',
    'state',
    'attempts',
    'createdAt',
    'giveUpAt',
  ],
  properties: {
    id: { type: 'string' },
    app: { type: 'string' },
    endpoint: { type: 'string' },
    type: { enum: [...lifecycleEventTypes] },
    eventId: { type: 'string', description: 'The `webhook-id` header the receiver saw' },
    replayOf: { type: 'string', description: 'A replay: the delivery it repeats' },
    ...attemptProperties({
      createdAt: 'Epoch ms: the event was queued',
      lastStatus: "The receiver's HTTP status at the last attempt",
      lastError:
        'Why the last attempt failed: `status_<n>`, `unreachable`, `address_refused`, `scheme_refused`, `endpoint_gone`, `endpoint_paused`, `user_not_of_app`…',
    }),
  },
}

export function webhookPaths(): Record<string, Json> {
  return {
    '/apps/{id}/webhooks': {
      parameters: [idParam('app')],
      get: op(
        'apps:read',
        "The app's webhook endpoints",
        ok('Endpoints', {
          type: 'object',
          required: ['webhooks'],
          properties: { webhooks: { type: 'array', items: webhook } },
        }),
        {},
        [401, 403, 404],
      ),
      post: op(
        'apps:write',
        'Add a webhook endpoint: https (plain http on loopback only); a private, loopback or link-local address needs `dangerouslyAllowPrivateNetwork` (and the admin scope). Its `whsec_` secret is returned this once',
        ok('Created', savedWebhook('The signing secret: returned this once only'), 201),
        { requestBody: body(inputSchema(endpointInput, [])) },
        [400, 401, 403, 404, 409, 413],
      ),
    },
    '/apps/{id}/webhooks/{endpoint}': {
      parameters: endpointParams,
      get: op(
        'apps:read',
        'A webhook endpoint',
        ok('The endpoint', { type: 'object', required: ['webhook'], properties: { webhook } }),
        {},
        [401, 403, 404],
      ),
      patch: op(
        'apps:write',
        'Change the fields given: URL, events, paused (`disabled`), `dangerouslyAllowPrivateNetwork`',
        ok('Saved', savedWebhook('Never set here')),
        { requestBody: body(inputSchema(endpointChange, [])) },
        [400, 401, 403, 404, 413],
      ),
      delete: op(
        'apps:write',
        'Remove a webhook endpoint (its pending deliveries then fail as `endpoint_gone`)',
        { 204: { description: 'Removed' } },
        {},
        [401, 403, 404],
      ),
    },
    '/apps/{id}/webhooks/{endpoint}/rotate-secret': {
      parameters: endpointParams,
      post: op(
        'apps:write',
        'A new signing secret, returned this once; for `graceSeconds` (default 24 h, at most 7 days, 0: none) deliveries are signed with the old one too',
        ok('Rotated', savedWebhook('The new signing secret: returned this once only')),
        { requestBody: body(inputSchema(rotateSecretInput, ['graceSeconds']), false) },
        [400, 401, 403, 404],
      ),
    },
    '/apps/{id}/webhook-deliveries': {
      parameters: [idParam('app')],
      get: deliveryLog(
        "The app's webhook deliveries, newest first: pending, delivered and failed",
        delivery,
        deliveryStates,
        MAX_DELIVERY_PAGE,
      ),
    },
    '/apps/{id}/webhook-deliveries/{delivery}/replay': {
      parameters: [idParam('app'), deliveryParam],
      post: op(
        'apps:write',
        'Replay a delivery: a pending or failed one is tried again now (for three more days); a delivered one is queued again as a new delivery with the same `webhook-id`. 409 when its endpoint was removed',
        ok('Queued', { type: 'object', required: ['delivery'], properties: { delivery } }),
        {},
        [401, 403, 404, 409],
      ),
    },
  }
}
