/**
 * The admin API's OpenAPI 3.1 document. Request bodies of apps, connections and users are the
 * config file's own zod schemas turned into JSON Schema, so the document cannot drift from what
 * the API accepts; paths and responses are written here, next to the routes they describe.
 */
import { z } from 'zod'
import { apiScopes } from '../../admin/api-keys.js'
import { rotateSecretInput } from '../../admin/apps.js'
import { entrySchemas } from '../../admin/entry-schemas.js'
import { auditEvents, MAX_AUDIT_PAGE } from '../../domain/audit-log.js'
import {
  asymmetricAlgorithms,
  DEFAULT_ACTIVATE_AFTER_SECONDS,
  JWKS_MAX_AGE_SECONDS,
} from '../../keys/keystore.js'

type Json = Record<string, unknown>

/** JSON Schema of an input, with fields the API fills in itself made optional. */
function inputSchema(schema: z.ZodType, optional: string[]): Json {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Json
  delete json.$schema
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk)
    if (!node || typeof node !== 'object') return
    const record = node as Json
    if (Array.isArray(record.required))
      record.required = record.required.filter((name) => !optional.includes(name as string))
    Object.values(record).forEach(walk)
  }
  walk(json)
  return json
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` })
const json = (schema: Json) => ({ content: { 'application/json': { schema } } })
const errors = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((s) => [String(s), { $ref: `#/components/responses/E${s}` }]))
const body = (schema: Json, required = true) => ({ required, ...json(schema) })
const ok = (description: string, schema: Json, status = 200) => ({
  [status]: { description, ...json(schema) },
})
const idParam = (what: string) => ({
  name: 'id',
  in: 'path',
  required: true,
  description: `The ${what}'s id`,
  schema: { type: 'string', maxLength: 64 },
})

function op(
  scope: string,
  summary: string,
  responses: Json,
  extra: Json = {},
  errorStatuses = [400, 401, 403],
): Json {
  return {
    summary,
    security: [{ apiKey: [scope] }],
    'x-scope': scope,
    ...extra,
    responses: { ...responses, ...errors(...errorStatuses) },
  }
}

const query = (name: string, description: string, schema: Json = { type: 'string' }) => ({
  name,
  in: 'query',
  required: false,
  description,
  schema,
})

const auditFilters = [
  query('app', 'Only entries about this app'),
  query('connection', 'Only entries about this connection'),
  query('user', 'Only entries about this bridge user id'),
  query('actor', 'Only entries by this actor, written `type:id` (e.g. `api_key:0123…`)'),
  query('event', `An event or a family before the dot: ${auditEvents.join(', ')}`),
  query('since', 'Epoch milliseconds or ISO 8601, inclusive'),
  query('until', 'Epoch milliseconds or ISO 8601, inclusive'),
]

let cached: Json | undefined

export function openApiDocument(issuer: string): Json {
  cached ??= buildDocument()
  return { ...cached, servers: [{ url: `${issuer}/admin/api` }] }
}

function buildDocument(): Json {
  const schemas = entrySchemas()
  const savedApp = {
    type: 'object',
    required: ['app'],
    properties: {
      app: ref('App'),
      secret: { type: 'string', description: 'A generated HS256 secret: returned this once only' },
    },
  }
  const entity = (name: string) => ({
    type: 'object',
    required: [name.toLowerCase()],
    properties: { [name.toLowerCase()]: ref(name) },
  })
  return {
    openapi: '3.1.0',
    info: {
      title: 'ssobridge admin API',
      version: '1',
      description:
        'The operations of the admin console, for scripts and CI. Authenticate with an admin API key ' +
        '(`Authorization: Bearer ssb_…`), created in the console or with `ssobridge admin key create`. ' +
        'Each operation needs the scope named in `x-scope` (a write scope includes reading). Errors are ' +
        '`{ "error", "error_description" }`; invalid input names the path of every bad field. ' +
        'Secrets are write-only: leave one out of an update to keep it.',
    },
    components: {
      securitySchemes: {
        apiKey: { type: 'http', scheme: 'bearer', description: `Scopes: ${apiScopes.join(', ')}` },
      },
      schemas: {
        Error: {
          type: 'object',
          required: ['error', 'error_description'],
          properties: { error: { type: 'string' }, error_description: { type: 'string' } },
        },
        AppInput: inputSchema(schemas.app, ['secret']),
        ConnectionInput: inputSchema(schemas.connection, ['clientSecret', 'privateKey']),
        UserInput: inputSchema(schemas.user, ['password']),
        App: {
          type: 'object',
          description: 'A stored app; `signing.secret` reads "[sealed]" when set.',
          additionalProperties: true,
          properties: {
            id: { type: 'string' },
            name: { type: 'string' },
            updatedAt: { type: 'integer' },
          },
        },
        Connection: {
          type: 'object',
          description: 'A stored connection; sealed secrets read "[sealed]".',
          additionalProperties: true,
          properties: {
            id: { type: 'string' },
            type: { enum: ['local', 'oidc', 'saml'] },
            name: { type: 'string' },
          },
        },
        User: {
          type: 'object',
          properties: {
            id: { type: 'string' },
            connection: { type: 'string' },
            email: { type: 'string' },
            emailVerified: { type: 'boolean' },
            name: { type: 'string' },
            disabled: { type: 'boolean' },
            hasPassword: { type: 'boolean' },
            mfaEnrolled: { type: 'boolean' },
            createdAt: { type: 'integer' },
            lastLoginAt: { type: 'integer' },
            identities: {
              type: 'array',
              items: {
                type: 'object',
                properties: { connection: { type: 'string' }, subject: { type: 'string' } },
              },
            },
          },
        },
        Key: {
          type: 'object',
          properties: {
            kid: { type: 'string' },
            alg: { enum: [...asymmetricAlgorithms] },
            status: { enum: ['pending', 'active', 'retired'] },
            createdAt: { type: 'integer' },
            activatesAt: { type: 'integer' },
            retiredAt: { type: 'integer' },
            unpublishAt: { type: 'integer' },
          },
        },
        AuditEntry: {
          type: 'object',
          properties: {
            id: { type: 'string' },
            at: { type: 'integer' },
            event: { enum: [...auditEvents] },
            actor: {
              type: 'object',
              properties: {
                type: { type: 'string' },
                id: { type: 'string' },
                label: { type: 'string' },
              },
            },
            app: { type: 'string' },
            connection: { type: 'string' },
            user: { type: 'string' },
            reason: { type: 'string' },
            before: {},
            after: {},
            secretsChanged: { type: 'array', items: { type: 'string' } },
          },
        },
        CheckResult: {
          type: 'object',
          description:
            'What OIDC discovery found, or why it failed (`ok: false`, `error`, `description`).',
          properties: {
            ok: { type: 'boolean' },
            issuer: { type: 'string' },
            warnings: { type: 'array', items: { type: 'string' } },
          },
          additionalProperties: true,
        },
      },
      responses: Object.fromEntries(
        [
          [400, 'Invalid input: `error_description` names each bad field'],
          [401, 'No API key, or an unknown, revoked or expired one'],
          [403, 'The API key lacks the scope'],
          [404, 'No such record'],
          [
            409,
            'Conflicts with the current records (duplicate id, connection in use, rotation pending)',
          ],
          [413, 'The body is too large'],
        ].map(([status, description]) => [`E${status}`, { description, ...json(ref('Error')) }]),
      ),
    },
    paths: {
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
          'Add an app (an HS256 app without `signing.secret` gets one, returned once)',
          ok('Created', savedApp, 201),
          { requestBody: body(ref('AppInput')) },
          [400, 401, 403, 409, 413],
        ),
      },
      '/apps/{id}': {
        parameters: [idParam('app')],
        get: op(
          'apps:read',
          'An app with its snippet (plain, and pinned with SRI)',
          ok('The app', {
            type: 'object',
            properties: { app: ref('App'), snippet: { type: 'object' } },
          }),
          {},
          [401, 403, 404],
        ),
        put: op(
          'apps:write',
          'Replace an app (omitted fields take their defaults; an omitted secret is kept)',
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
      },
      '/users/{id}/disable': {
        parameters: [idParam('user')],
        post: op(
          'users:write',
          'Disable a user (their bridge session stops working at once)',
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
    },
  }
}
