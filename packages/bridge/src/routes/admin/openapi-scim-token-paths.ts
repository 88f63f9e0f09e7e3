// The SCIM token paths of the admin API's OpenAPI document: a connection's provisioning tokens.
import { body, idParam, ok, op } from './openapi-operations.js'
import type { Json } from './openapi-schema.js'

const scimToken: Json = {
  type: 'object',
  required: ['id', 'connection', 'name', 'createdAt', 'createdBy'],
  properties: {
    id: { type: 'string' },
    connection: { type: 'string' },
    name: { type: 'string' },
    createdAt: { type: 'integer', description: 'Epoch ms' },
    createdBy: { type: 'object' },
    lastUsedAt: { type: 'integer', description: 'Epoch ms, to the minute' },
    revokedAt: { type: 'integer', description: 'Epoch ms' },
  },
}

const WRITE = 'connections:write'

export function scimTokenPaths(): Record<string, Json> {
  return {
    '/connections/{id}/scim-tokens': {
      parameters: [idParam('connection')],
      get: op(
        'connections:read',
        "The connection's SCIM tokens (never their secret), revoked ones included",
        ok('Tokens', {
          type: 'object',
          required: ['scimTokens'],
          properties: { scimTokens: { type: 'array', items: scimToken } },
        }),
        {},
        [401, 403, 404],
      ),
      post: op(
        WRITE,
        'Needs users:write too. A new SCIM bearer token for an OIDC or SAML connection, shown this once (`scim_…`); at most 10 live per connection; audited as connection.scim_token_created',
        ok(
          'Created',
          {
            type: 'object',
            required: ['token', 'scimToken'],
            properties: { token: { type: 'string' }, scimToken },
          },
          201,
        ),
        {
          requestBody: body({
            type: 'object',
            required: ['name'],
            additionalProperties: false,
            properties: { name: { type: 'string', minLength: 1, maxLength: 100 } },
          }),
        },
        [400, 401, 403, 404, 409, 413],
      ),
    },
    '/connections/{id}/scim-tokens/{tokenId}': {
      parameters: [
        idParam('connection'),
        { name: 'tokenId', in: 'path', required: true, schema: { type: 'string', maxLength: 32 } },
      ],
      delete: op(
        WRITE,
        'Needs users:write too. Revoke a SCIM token: the directory using it is refused at once; audited as connection.scim_token_revoked',
        ok('Revoked', { type: 'object', required: ['scimToken'], properties: { scimToken } }),
        {},
        [401, 403, 404],
      ),
    },
  }
}
