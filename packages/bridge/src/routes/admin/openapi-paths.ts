// The paths of the admin API's OpenAPI document, one group per resource.
import { auditEvents, MAX_AUDIT_PAGE } from '../../domain/audit-log.js'
import {
  asymmetricAlgorithms,
  DEFAULT_ACTIVATE_AFTER_SECONDS,
  JWKS_MAX_AGE_SECONDS,
} from '../../keys/keystore.js'
import { appPaths } from './openapi-app-paths.js'
import { emailPaths } from './openapi-email-paths.js'
import { sessionPaths } from './openapi-session-paths.js'
import { webhookPaths } from './openapi-webhook-paths.js'
import { scimTokenPaths } from './openapi-scim-token-paths.js'
import { stringPaths } from './openapi-string-paths.js'
import { body, idParam, ok, op, query, ref } from './openapi-operations.js'
import type { Json } from './openapi-schema.js'

const auditFilters = [
  query('app', 'Only entries about this app'),
  query('connection', 'Only entries about this connection'),
  query('user', 'Only entries about this bridge user id'),
  query('actor', 'Only entries by this actor, written `type:id` (e.g. `api_key:0123…`)'),
  query('event', `An event or a family before the dot: ${auditEvents.join(', ')}`),
  query('since', 'Epoch milliseconds or ISO 8601, inclusive'),
  query('until', 'Epoch milliseconds or ISO 8601, inclusive'),
]

const entity = (name: string) => ({
  type: 'object',
  required: [name.toLowerCase()],
  properties: { [name.toLowerCase()]: ref(name) },
})

/** A member email was put in the outbox; the worker sends it (see the audit log's email.*). */
const queued = {
  type: 'object',
  required: ['queued'],
  properties: { queued: { type: 'boolean', const: true } },
}

export function openApiPaths(): Json {
  return {
    ...appPaths(),
    ...emailPaths(),
    ...webhookPaths(),
    ...stringPaths(),
    ...sessionPaths(),
    ...scimTokenPaths(),
    '/connections': {
      get: op(
        'connections:read',
        'List connections',
        ok('Connections', {
          type: 'object',
          properties: { connections: { type: 'array', items: ref('Connection') } },
        }),
      ),
      post: op(
        'connections:write',
        'Add a connection (SAML metadata as XML, not a file path)',
        ok('Created', ref('Connection'), 201),
        { requestBody: body(ref('ConnectionInput')) },
        [400, 401, 403, 409, 413],
      ),
    },
    '/connections/check': {
      post: op(
        'connections:write',
        'Run OIDC discovery for an issuer that is not saved yet',
        ok('The result', ref('CheckResult')),
        {
          requestBody: body({
            type: 'object',
            required: ['issuer'],
            properties: {
              issuer: { type: 'string' },
              dangerouslyAllowHttpIssuer: { type: 'boolean' },
              dangerouslyAllowPrivateNetwork: { type: 'boolean' },
            },
          }),
        },
      ),
    },
    '/connections/{id}': {
      parameters: [idParam('connection')],
      get: op(
        'connections:read',
        'A connection, the values to copy into the IdP, the apps using it',
        ok('The connection', {
          type: 'object',
          properties: {
            connection: ref('Connection'),
            values: { type: 'array' },
            usedBy: { type: 'array', items: { type: 'string' } },
            samlMetadata: { type: 'object' },
          },
        }),
        {},
        [401, 403, 404],
      ),
      put: op(
        'connections:write',
        'Replace a connection (omitted secrets are kept)',
        ok('Saved', ref('Connection')),
        { requestBody: body(ref('ConnectionInput')) },
        [400, 401, 403, 404, 413],
      ),
      patch: op(
        'connections:write',
        'Change the top-level fields given',
        ok('Saved', ref('Connection')),
        { requestBody: body({ type: 'object' }) },
        [400, 401, 403, 404, 413],
      ),
      delete: op(
        'connections:write',
        'Delete a connection no app uses',
        { 204: { description: 'Deleted' } },
        {},
        [401, 403, 404, 409],
      ),
    },
    '/connections/{id}/check': {
      parameters: [idParam('connection')],
      post: op(
        'connections:write',
        "Run OIDC discovery with a saved connection's settings",
        ok('The result', ref('CheckResult')),
        {},
        [401, 403, 404, 409],
      ),
    },
    '/users': {
      get: op(
        'users:read',
        'List users (id order)',
        ok('Users', {
          type: 'object',
          properties: {
            users: { type: 'array', items: ref('User') },
            nextCursor: { type: 'string' },
          },
        }),
        {
          parameters: [
            query('connection', 'Only this connection'),
            query('q', 'Part of the email or name'),
            query('limit', 'At most this many (1-500, default 50)'),
            query('cursor', '`nextCursor` of the previous page'),
          ],
        },
      ),
      post: op(
        'users:write',
        'Add a user to a local connection (without `password`, one is generated and returned once)',
        ok(
          'Created',
          { type: 'object', properties: { user: ref('User'), password: { type: 'string' } } },
          201,
        ),
        { requestBody: body(ref('UserInput')) },
        [400, 401, 403, 409, 413],
      ),
    },
    '/users/{id}': {
      parameters: [idParam('user')],
      get: op(
        'users:read',
        'A user with linked upstream identities and last sign-in',
        ok('The user', entity('User')),
        {},
        [401, 403, 404],
      ),
      patch: op(
        'users:write',
        'Change name, givenName, familyName, emailVerified',
        ok('Saved', entity('User')),
        { requestBody: body({ type: 'object' }) },
        [400, 401, 403, 404],
      ),
      delete: op(
        'users:write',
        'Delete a user: every session ends (back-channel logout), the user and their identities, passkeys and email index go; apps hear `user.deleted`',
        { 204: { description: 'Deleted' } },
        {},
        [401, 403, 404],
      ),
    },
    '/users/{id}/disable': {
      parameters: [idParam('user')],
      post: op(
        'users:write',
        'Disable a user: sign-in is refused at once and every session ends (back-channel logout); apps hear `user.disabled`',
        ok('Saved', entity('User')),
        {},
        [401, 403, 404],
      ),
    },
    '/users/{id}/enable': {
      parameters: [idParam('user')],
      post: op('users:write', 'Enable a user', ok('Saved', entity('User')), {}, [401, 403, 404]),
    },
    '/users/{id}/mfa/reset': {
      parameters: [idParam('user')],
      post: op(
        'users:write',
        'Remove all second factors (TOTP, recovery codes, passkeys); the next sign-in enrols again where required',
        ok('Saved', entity('User')),
        {},
        [401, 403, 404],
      ),
    },
    '/users/{id}/password': {
      parameters: [idParam('user')],
      post: op(
        'users:write',
        "Set a local user's password (without one, a generated one is returned once)",
        ok('Saved', {
          type: 'object',
          properties: { user: ref('User'), password: { type: 'string' } },
        }),
        {
          requestBody: body(
            {
              type: 'object',
              properties: { password: { type: 'string', minLength: 8, maxLength: 256 } },
            },
            false,
          ),
        },
        [400, 401, 403, 404, 409],
      ),
    },
    '/users/{id}/verification-email': {
      parameters: [idParam('user')],
      post: op(
        'users:write',
        "Queue a fresh verification link to a local user's address (the user must be enabled and SMTP configured)",
        ok('Queued', queued, 202),
        {},
        [400, 401, 403, 404, 409],
      ),
    },
    '/users/{id}/password-reset-email': {
      parameters: [idParam('user')],
      post: op(
        'users:write',
        "Queue a password reset link to a local user's address (the user must be enabled and SMTP configured)",
        ok('Queued', queued, 202),
        {},
        [400, 401, 403, 404, 409],
      ),
    },
    '/keys': {
      get: op(
        'keys:read',
        'List signing keys with kid, age and status',
        ok('Keys', {
          type: 'object',
          properties: { keys: { type: 'array', items: ref('Key') } },
        }),
      ),
    },
    '/keys/rotate': {
      post: op(
        'keys:write',
        'Publish a new key now; it signs after `activateAfterSeconds`; the old one stays published until its tokens expired',
        ok('The new key', { type: 'object', properties: { key: ref('Key') } }, 201),
        {
          requestBody: body({
            type: 'object',
            required: ['alg'],
            properties: {
              alg: { enum: [...asymmetricAlgorithms] },
              activateAfterSeconds: {
                type: 'integer',
                minimum: JWKS_MAX_AGE_SECONDS,
                default: DEFAULT_ACTIVATE_AFTER_SECONDS,
              },
            },
          }),
        },
        [400, 401, 403, 409],
      ),
    },
    '/audit': {
      get: op(
        'audit:read',
        'Audit entries, newest first',
        ok('A page', {
          type: 'object',
          properties: {
            entries: { type: 'array', items: ref('AuditEntry') },
            nextCursor: { type: 'string' },
          },
        }),
        {
          parameters: [
            ...auditFilters,
            query('limit', `1-${MAX_AUDIT_PAGE}, default 100`),
            query('cursor', '`nextCursor` of the previous page'),
          ],
        },
      ),
    },
    '/audit/export': {
      get: op(
        'audit:read',
        'Every matching entry as JSON lines',
        {
          200: {
            description: 'One entry per line',
            content: { 'application/x-ndjson': { schema: { type: 'string' } } },
          },
        },
        { parameters: auditFilters },
      ),
    },
  }
}
