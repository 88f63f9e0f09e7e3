// The shared components of the admin API's OpenAPI document: security scheme, schemas, error responses.
import { apiScopes } from '../../admin/api-keys.js'
import { entrySchemas } from '../../admin/entry-schemas.js'
import { auditEvents } from '../../domain/audit-log.js'
import { asymmetricAlgorithms } from '../../keys/keystore.js'
import { attemptProperties, json, ref } from './openapi-operations.js'
import { inputSchema, type Json } from './openapi-schema.js'

export function openApiComponents(): Json {
  const schemas = entrySchemas()
  return {
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
        description:
          'A stored app; write-only values (`signing.secret`, `signing.privateKey`, `platform.apiToken`) read "[sealed]" when set. A write that leaves one out keeps it.',
        additionalProperties: true,
        properties: {
          id: { type: 'string' },
          name: { type: 'string' },
          updatedAt: { type: 'integer' },
        },
      },
      ContractReport: {
        type: 'object',
        description:
          "A preset app's contract check: each rule of the platform, with a fix for each failure; the token is shown only cut short",
        required: ['app', 'platform', 'user', 'results', 'passed', 'failed'],
        additionalProperties: true,
        properties: {
          app: { type: 'string' },
          platform: { type: 'string' },
          user: { type: 'string' },
          delivery: { type: 'object', additionalProperties: true },
          decoded: { type: 'object', additionalProperties: true },
          clock: { type: 'object', additionalProperties: true },
          results: {
            type: 'array',
            items: {
              type: 'object',
              required: ['rule', 'pass', 'detail'],
              properties: {
                rule: { type: 'string' },
                pass: { type: 'boolean' },
                detail: { type: 'string' },
                fix: { type: 'string' },
              },
            },
          },
          passed: { type: 'integer' },
          failed: { type: 'integer' },
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
              properties: {
                connection: { type: 'string' },
                subject: { type: 'string' },
                linkedAt: {
                  type: 'integer',
                  description: 'Absent for links made before it was recorded',
                },
                email: { type: 'string', description: 'The email the identity was linked with' },
                primary: { type: 'boolean', description: "The user's own connection" },
              },
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
      BackchannelDelivery: {
        type: 'object',
        description: 'One back-channel logout of one session to one app, and how its attempts went',
        required: ['id', 'app', 'state', 'attempts', 'createdAt', 'giveUpAt'],
        properties: {
          id: { type: 'string' },
          app: { type: 'string' },
          ...attemptProperties({
            createdAt: 'Epoch ms: the logout',
            lastStatus: "The site's HTTP status at the last attempt",
            lastError:
              'Why the last attempt failed: `status_<n>`, `unreachable`, `address_refused`, `app_gone`…',
          }),
        },
      },
      EmailDelivery: {
        type: 'object',
        description:
          "One member email in the outbox and how its attempts went: the template and the recipient's domain, never the address or the body",
        required: [
          'id',
          'connection',
          'template',
          'recipientDomain',
          'state',
          'attempts',
          'createdAt',
          'giveUpAt',
        ],
        properties: {
          id: { type: 'string' },
          connection: { type: 'string', description: "The member's connection" },
          template: {
            type: 'string',
            description: '`verify-email`, `reset-password`, `login-code`…',
          },
          recipientDomain: { type: 'string' },
          ...attemptProperties({
            createdAt: 'Epoch ms: queued',
            lastStatus: "The SMTP server's reply code at the last attempt",
            lastError:
              'Why the last attempt failed: `connection_failed`, `timeout`, `recipient_refused`, `payload_unreadable`…',
            deliveredAt: 'Epoch ms: the server accepted it',
          }),
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
  }
}
