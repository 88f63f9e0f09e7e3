// The app paths of the admin API's OpenAPI document: apps, their secrets, contract check and
// back-channel deliveries.
import { rotateSecretInput } from '../../admin/apps.js'
import { deliveryStates, MAX_DELIVERY_PAGE } from '../../admin/backchannel-deliveries.js'
import { platformCheckInput } from '../../admin/platform-check.js'
import { body, deliveryLog, deliveryParam, idParam, ok, op, ref } from './openapi-operations.js'
import { inputSchema, type Json } from './openapi-schema.js'

const savedApp = {
  type: 'object',
  required: ['app'],
  properties: {
    app: ref('App'),
    secret: { type: 'string', description: 'A generated HS256 secret: returned this once only' },
    warnings: {
      type: 'array',
      items: { type: 'string' },
      description:
        'What the bridge changed on the way in, e.g. a brand colour adjusted to reach WCAG AA contrast (docs/branding.md); left out when nothing was',
    },
  },
}

export function appPaths(): Record<string, Json> {
  return {
    '/apps': {
      get: op(
        'apps:read',
        'List apps',
        ok('Apps', {
          type: 'object',
          properties: { apps: { type: 'array', items: ref('App') } },
        }),
      ),
      post: op(
        'apps:write',
        'Add an app (an HS256 app without `signing.secret` gets one, returned once; a preset app takes the secret or key its platform issued)',
        ok('Created', savedApp, 201),
        { requestBody: body(ref('AppInput')) },
        [400, 401, 403, 409, 413],
      ),
    },
    '/apps/{id}': {
      parameters: [idParam('app')],
      get: op(
        'apps:read',
        'An app with its snippet (plain, and pinned with SRI); for a preset app, what to paste into its platform',
        ok('The app', {
          type: 'object',
          properties: {
            app: ref('App'),
            snippet: { type: 'object' },
            signInUrl: {
              type: 'string',
              description:
                'Preset apps: `<issuer>/authorize?app=<id>`, where the platform sends visitors',
            },
            publicKeyPem: {
              type: 'string',
              description:
                "Presets that check with the bridge's RS256 key (freshworks): its active public key, SPKI PEM",
            },
          },
        }),
        {},
        [401, 403, 404],
      ),
      put: op(
        'apps:write',
        'Replace an app (omitted fields take their defaults; an omitted secret, platform key or platform.apiToken is kept)',
        ok('Saved', savedApp),
        { requestBody: body(ref('AppInput')) },
        [400, 401, 403, 404, 413],
      ),
      patch: op(
        'apps:write',
        'Change the top-level fields given',
        ok('Saved', savedApp),
        { requestBody: body({ type: 'object' }) },
        [400, 401, 403, 404, 413],
      ),
      delete: op(
        'apps:write',
        'Delete an app',
        { 204: { description: 'Deleted' } },
        {},
        [401, 403, 404],
      ),
    },
    '/apps/{id}/logo': {
      parameters: [idParam('app')],
      put: op(
        'apps:write',
        "Upload the app's logo: the image itself as the body, PNG, JPEG, WebP or GIF (checked by its bytes), at most 256 KiB; SVG is refused. Served at /brand/logo/<id>.<hash>.<ext>",
        ok('Saved', { type: 'object', required: ['app'], properties: { app: ref('App') } }),
        {
          requestBody: {
            required: true,
            content: Object.fromEntries(
              ['image/png', 'image/jpeg', 'image/webp', 'image/gif'].map((type) => [
                type,
                { schema: { type: 'string', format: 'binary' } },
              ]),
            ),
          },
        },
        [400, 401, 403, 404, 413],
      ),
      delete: op(
        'apps:write',
        'Remove the uploaded logo (the logo URL, if set, shows again)',
        ok('Saved', { type: 'object', required: ['app'], properties: { app: ref('App') } }),
        {},
        [401, 403, 404],
      ),
    },
    '/apps/{id}/secret': {
      parameters: [idParam('app')],
      post: op(
        'apps:write',
        "Replace an HS256 app's secret with a generated one, signing at once and returned once; the old one is kept on the record for `graceSeconds` while sites accept both",
        ok('Saved', savedApp),
        { requestBody: body(inputSchema(rotateSecretInput, []), false) },
        [400, 401, 403, 404, 409],
      ),
    },
    '/apps/{id}/check': {
      parameters: [idParam('app')],
      post: op(
        'apps:write',
        "Check a preset app against its platform: a sign-in of a user played through without a browser, then the platform's own rules on what it would receive (nothing is sent to the platform)",
        ok('The report', ref('ContractReport')),
        { requestBody: body(inputSchema(platformCheckInput, []), false) },
        [400, 401, 403, 404],
      ),
    },
    '/apps/{id}/backchannel-deliveries': {
      parameters: [idParam('app')],
      get: deliveryLog(
        "The app's back-channel logout deliveries, newest first: pending, delivered and failed",
        ref('BackchannelDelivery'),
        deliveryStates,
        MAX_DELIVERY_PAGE,
      ),
    },
    '/apps/{id}/backchannel-deliveries/{delivery}/retry': {
      parameters: [idParam('app'), deliveryParam],
      post: op(
        'apps:write',
        'Retry a pending or failed delivery now, trying again for a full window (24 h); a delivered one answers 409',
        ok('Queued', {
          type: 'object',
          required: ['delivery'],
          properties: { delivery: ref('BackchannelDelivery') },
        }),
        {},
        [401, 403, 404, 409],
      ),
    },
  }
}
