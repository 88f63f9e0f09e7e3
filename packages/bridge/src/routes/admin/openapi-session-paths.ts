// The session paths of the admin API's OpenAPI document: a user's sessions and their apps.
import { idParam, ok, op } from './openapi-operations.js'
import type { Json } from './openapi-schema.js'

const session: Json = {
  type: 'object',
  required: ['connection', 'amr', 'createdAt', 'lastSeenAt', 'expiresAt', 'apps'],
  properties: {
    sid: {
      type: 'string',
      description: 'The public session id (as in tokens and logout tokens); absent on old sessions',
    },
    connection: { type: 'string' },
    device: {
      type: 'object',
      description: 'From the user agent at sign-in; no IP address is kept',
      properties: {
        browser: { type: 'string' },
        os: { type: 'string' },
        type: { enum: ['desktop', 'mobile', 'tablet', 'tv', 'bot'] },
      },
    },
    amr: { type: 'array', items: { type: 'string' } },
    createdAt: { type: 'integer', description: 'Epoch ms' },
    lastSeenAt: { type: 'integer', description: 'Epoch ms, to within a few minutes' },
    expiresAt: { type: 'integer', description: 'Epoch ms' },
    apps: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'name'],
        properties: { id: { type: 'string' }, name: { type: 'string' } },
      },
    },
  },
}

const sid: Json = {
  name: 'sid',
  in: 'path',
  required: true,
  description: "The session's public id",
  schema: { type: 'string' },
}

export function sessionPaths(): Record<string, Json> {
  return {
    '/users/{id}/sessions': {
      parameters: [idParam('user')],
      get: op(
        'users:read',
        "The user's live sessions with the apps each signed into, most recently used first",
        ok('Sessions', {
          type: 'object',
          required: ['sessions'],
          properties: { sessions: { type: 'array', items: session } },
        }),
        {},
        [401, 403, 404],
      ),
      delete: op(
        'users:write',
        'End every session of the user; each app it signed into hears by back-channel logout',
        ok('How many ended', {
          type: 'object',
          required: ['ended'],
          properties: { ended: { type: 'integer' } },
        }),
        {},
        [401, 403, 404],
      ),
    },
    '/users/{id}/sessions/{sid}': {
      parameters: [idParam('user'), sid],
      delete: op(
        'users:write',
        'End one session of the user (404 when it is not theirs)',
        { 204: { description: 'Ended' } },
        {},
        [401, 403, 404],
      ),
    },
  }
}
